"""The live set of modules: built-in declarations plus the custom fields an
administrator added, with the tables that store them.

A catalog is immutable. Adding a custom field builds a new one and swaps it
in, so a request that started with the old catalog finishes with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Table

from crm_core.errors import UnknownModule
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import ManyToMany, Module
from crm_core.modules import MANY_TO_MANY, MODULES
from crm_core.storage.module_tables import build_module_table, static_metadata

ANY_MODULE = "*"


@dataclass(frozen=True)
class Catalog:
    modules: Mapping[str, Module]
    tables: Mapping[str, Table]
    many_to_many: tuple[ManyToMany, ...]

    @classmethod
    def build(cls, custom_fields: Iterable[tuple[str, Field]] = ()) -> Catalog:
        extra: dict[str, list[Field]] = {}
        for module_name, f in custom_fields:
            extra.setdefault(module_name, []).append(f)
        metadata = static_metadata()
        modules: dict[str, Module] = {}
        tables: dict[str, Table] = {}
        for module in MODULES:
            if module.name in extra:
                module = dataclasses.replace(
                    module, own_fields=module.own_fields + tuple(extra[module.name])
                )
            modules[module.name] = module
            tables[module.name] = build_module_table(module, metadata)
        return cls(modules=modules, tables=tables, many_to_many=MANY_TO_MANY)

    def module(self, name: str) -> Module:
        try:
            return self.modules[name]
        except KeyError:
            raise UnknownModule(module=name) from None

    def table(self, name: str) -> Table:
        return self.tables[self.module(name).name]

    def targets(self, f: Field) -> tuple[str, ...]:
        """The modules a reference field may point to; ``*`` means any module."""
        if ANY_MODULE in f.targets:
            return tuple(self.modules)
        return f.targets

    def references_to(self, target: str) -> list[tuple[Module, Field]]:
        """Every (module, field) whose reference can point at ``target``: the
        one-to-many related lists of ``target``."""
        found: list[tuple[Module, Field]] = []
        for module in self.modules.values():
            for f in module.fields:
                if f.type is FieldType.REFERENCE and (
                    target in f.targets or ANY_MODULE in f.targets
                ):
                    found.append((module, f))
        return found

    def many_to_many_between(self, a: str, b: str) -> ManyToMany | None:
        for relation in self.many_to_many:
            if relation.joins(a, b):
                return relation
        return None
