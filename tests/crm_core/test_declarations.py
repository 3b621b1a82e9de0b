"""The built-in module declarations are consistent with each other and with storage."""

from __future__ import annotations

import pytest

from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from crm_core.modules import MANY_TO_MANY, MODULES
from crm_core.storage.module_tables import SYSTEM_COLUMNS

MODULE_NAMES = {m.name for m in MODULES}
ANY_MODULE = "*"
REFERENCE_TARGETS = MODULE_NAMES | {"Users", ANY_MODULE}


def by_name(module: Module) -> str:
    return module.name


def test_module_names_are_unique() -> None:
    names = [m.name for m in MODULES]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"modules declared more than once: {duplicates}"


def test_table_names_are_unique() -> None:
    tables = [m.table for m in MODULES]
    duplicates = sorted({t for t in tables if tables.count(t) > 1})
    assert not duplicates, f"tables used by more than one module: {duplicates}"


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_field_names_are_unique(module: Module) -> None:
    names = [f.name for f in module.fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"{module.name} declares these fields twice: {duplicates}"


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_label_and_search_fields_exist(module: Module) -> None:
    assert module.label_fields, f"{module.name} has no label fields"
    for kind, names in (("label", module.label_fields), ("search", module.search_fields)):
        missing = [n for n in names if module.field(n) is None]
        assert not missing, f"{module.name}: {kind}_fields name unknown fields {missing}"


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_numbering_field_is_a_read_only_autonumber(module: Module) -> None:
    if module.numbering is None:
        autonumbers = [f.name for f in module.fields if f.type is FieldType.AUTONUMBER]
        assert not autonumbers, f"{module.name} has {autonumbers} but no numbering"
        return
    f = module.field(module.numbering.field)
    assert f is not None, (
        f"{module.name}: numbering field {module.numbering.field!r} is not declared"
    )
    assert f.type is FieldType.AUTONUMBER, (
        f"{module.name}.{f.name} numbers records but is of type {f.type.value}, not autonumber"
    )
    assert not f.editable, f"{module.name}.{f.name} is a record number and must not be editable"
    assert module.numbering.prefix.endswith("-"), (
        f"{module.name}: prefix {module.numbering.prefix!r} should end with '-'"
    )


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_reference_targets_are_known(module: Module) -> None:
    for f in module.fields:
        if f.type is not FieldType.REFERENCE:
            assert not f.targets, f"{module.name}.{f.name} has targets but is a {f.type.value}"
            continue
        assert f.targets, f"{module.name}.{f.name} is a reference without targets"
        unknown = sorted(set(f.targets) - REFERENCE_TARGETS)
        assert not unknown, f"{module.name}.{f.name} points to unknown modules {unknown}"


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_picklists_have_values_and_sane_defaults(module: Module) -> None:
    for f in module.fields:
        if f.type in (FieldType.PICKLIST, FieldType.MULTIPICKLIST):
            assert f.picklist, f"{module.name}.{f.name} is a picklist without values"
            duplicates = sorted({v for v in f.picklist if f.picklist.count(v) > 1})
            assert not duplicates, f"{module.name}.{f.name} lists {duplicates} twice"
            untidy = [v for v in f.picklist if v != v.strip() or not v]
            assert not untidy, f"{module.name}.{f.name} has blank or padded values {untidy}"
        if f.default is not None and f.picklist:
            assert f.default in f.picklist, (
                f"{module.name}.{f.name}: default {f.default!r} is not one of {f.picklist}"
            )


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_no_field_shadows_a_storage_column(module: Module) -> None:
    clashes = [f.name for f in module.fields if f.name in SYSTEM_COLUMNS]
    assert not clashes, (
        f"{module.name} declares {clashes}, which storage uses for its own columns {SYSTEM_COLUMNS}"
    )


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_required_fields_are_editable(module: Module) -> None:
    stuck = [f.name for f in module.fields if f.required and not f.editable]
    assert not stuck, f"{module.name}: {stuck} are required but nobody may set them"


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_common_fields_are_added_once(module: Module) -> None:
    names = {f.name for f in module.fields}
    for common in ("created_user_id", "modifiedby", "createdtime", "modifiedtime", "source"):
        assert common in names, f"{module.name} lacks the common field {common!r}"
    assert ("assigned_user_id" in names) == module.owned, (
        f"{module.name}: owned={module.owned} but assigned_user_id "
        f"{'is' if 'assigned_user_id' in names else 'is not'} declared"
    )


@pytest.mark.parametrize("module", MODULES, ids=by_name)
def test_hidden_flag_is_a_system_boolean(module: Module) -> None:
    if module.hidden_flag is None:
        return
    f = module.field(module.hidden_flag)
    assert f is not None, f"{module.name}: hidden_flag {module.hidden_flag!r} is not a field"
    assert f.type is FieldType.BOOLEAN, f"{module.name}.{f.name} must be a boolean"
    assert not f.editable, f"{module.name}.{f.name} is set by the system, not by users"


@pytest.mark.parametrize("module", [m for m in MODULES if m.inventory], ids=by_name)
def test_inventory_modules_declare_their_totals(module: Module) -> None:
    computed = {"hdnSubTotal", "pre_tax_total", "hdnGrandTotal"}
    entered = {"hdnDiscountPercent", "hdnDiscountAmount", "hdnS_H_Amount", "txtAdjustment"}
    for name in computed | entered | {"hdnTaxType"}:
        assert module.field(name) is not None, f"{module.name} lacks the header field {name!r}"
    for name in computed:
        f = module.field(name)
        assert f is not None and not f.editable, f"{module.name}.{name} is computed"
    tax_type = module.field("hdnTaxType")
    assert tax_type is not None and tax_type.default == "group", (
        f"{module.name}.hdnTaxType should default to 'group'"
    )


def test_many_to_many_sides_are_modules() -> None:
    for relation in MANY_TO_MANY:
        assert relation.left in MODULE_NAMES, f"{relation}: left side is not a module"
        assert relation.right in MODULE_NAMES | {ANY_MODULE}, (
            f"{relation}: right side is neither a module nor '*'"
        )
        assert relation.left != relation.right, f"{relation} relates a module to itself"


def test_many_to_many_has_no_duplicates() -> None:
    seen: dict[frozenset[str], str] = {}
    for relation in MANY_TO_MANY:
        key = frozenset((relation.left, relation.right))
        assert key not in seen, f"{relation} repeats {seen[key]}"
        seen[key] = repr(relation)


def test_menus_are_known() -> None:
    menus = {"Sales", "Inventory", "Support", "Marketing", "Projects", "Tools"}
    strays = {m.name: m.menu for m in MODULES if m.menu not in menus}
    assert not strays, f"modules in unknown menus: {strays}"
