"""sphinx-needs configuration derived from the metamodel (no second copy in conf.py)."""

from __future__ import annotations

from zhifa.model.metamodel import Metamodel

JSON_TYPES = {"integer": "integer", "boolean": "boolean"}


def needs_settings(model: Metamodel) -> dict:
    types = [
        {"directive": t.name, "title": t.title, "prefix": t.prefix, "color": t.color, "style": "node"}
        for t in model.types.values()
    ]
    fields = {
        name: {"description": spec.label, "nullable": True, "schema": {"type": JSON_TYPES.get(spec.type, "string")}}
        for name, spec in model.fields.items()
    }
    fields.update(  # the fields the build computes (the metamodel's computed, minus sphinx-needs' own)
        {
            name: {"description": spec.label, "nullable": True, "schema": {"type": JSON_TYPES.get(spec.type, "string")}}
            for name, spec in model.computed.items()
            if name not in model.builtin
        }
    )
    links = {
        name: {
            "outgoing": spec.outgoing,
            "incoming": spec.incoming,
            "target_types": list(spec.targets),
            "allow_dead_links": False,
        }
        for name, spec in model.links.items()
    }
    id_alternatives = "|".join(f"(?:{t.id_pattern.pattern.strip('^$')})" for t in model.types.values())
    return {
        "needs_types": types,
        "needs_fields": fields,
        "needs_links": links,
        "needs_id_required": True,
        "needs_id_regex": f"^(?:{id_alternatives})$",
        "needs_build_json": True,
        "needs_reproducible_json": True,
        # The checker (run in every build) validates field types and link targets with file and line;
        # sphinx-needs' schema pass repeats that without them, 2 s per build at 10,000 objects.
        "needs_schema_validation_enabled": False,
    }
