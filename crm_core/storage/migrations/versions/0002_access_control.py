"""Access control: roles, profiles, groups by role, organisation defaults, sharing rules.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('org_sharing',
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('module', name=op.f('pk_org_sharing'))
    )
    op.create_table('profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profilename', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('view_all', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('edit_all', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profiles')),
    sa.UniqueConstraint('profilename', name=op.f('uq_profiles_profilename'))
    )
    op.create_table('roles',
    sa.Column('id', sa.String(length=20), nullable=False),
    sa.Column('rolename', sa.String(length=100), nullable=False),
    sa.Column('parentrole', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('parentrole', name=op.f('uq_roles_parentrole'))
    )
    op.create_table('sharing_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('source_kind', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.String(length=20), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.String(length=20), nullable=False),
    sa.Column('access', sa.String(length=5), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sharing_rule'))
    )
    op.create_table('profile_field',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('access', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_profile_field_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'module', 'field', name=op.f('pk_profile_field'))
    )
    op.create_table('profile_module',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('can_view', sa.Boolean(), nullable=False),
    sa.Column('can_create', sa.Boolean(), nullable=False),
    sa.Column('can_edit', sa.Boolean(), nullable=False),
    sa.Column('can_delete', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_profile_module_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'module', name=op.f('pk_profile_module'))
    )
    op.create_table('profile_tool',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('tool', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_profile_tool_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'tool', name=op.f('pk_profile_tool'))
    )
    op.create_table('role_profile',
    sa.Column('role_id', sa.String(length=20), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_role_profile_profile_id_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_role_profile_role_id_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_id', 'profile_id', name=op.f('pk_role_profile'))
    )
    op.create_table('group_role',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.String(length=20), nullable=False),
    sa.Column('subordinates', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_role_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_group_role_role_id_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'role_id', name=op.f('pk_group_role'))
    )
    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_user_role_role_id_roles')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_role_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_user_role'))
    )

    seed()


MODULES = (
    "Leads", "Contacts", "Accounts", "Potentials", "Campaigns", "Vendors", "Products",
    "Services", "PriceBooks", "Quotes", "SalesOrder", "Invoice", "PurchaseOrder",
    "ServiceContracts", "Assets", "HelpDesk", "Faq", "Documents", "Events", "Tasks", "Calls",
    "Comments", "Project", "ProjectTask", "ProjectMilestone",
)
NOT_OWNED = ("PriceBooks", "Faq", "Comments")
PRIVATE = ("Events", "Tasks")
ROLES = (
    ("H1", "Organization", "H1"),
    ("H2", "CEO", "H1::H2"),
    ("H3", "Vice President", "H1::H2::H3"),
    ("H4", "Sales Manager", "H1::H2::H3::H4"),
    ("H5", "Sales Person", "H1::H2::H3::H4::H5"),
)
ALL_TOOLS = ("import", "export", "merge", "convert_lead", "dial_any", "supervise",
             "see_amounts", "administer")


def seed() -> None:
    """vtiger's defaults: the role tree, the four profiles, public sharing for
    everything but the calendar, and the system user in the CEO role."""
    op.bulk_insert(sa.table("roles", sa.column("id"), sa.column("rolename"),
                            sa.column("parentrole")),
                   [{"id": i, "rolename": n, "parentrole": p} for i, n, p in ROLES])
    op.bulk_insert(
        sa.table("profiles", sa.column("id"), sa.column("profilename"),
                 sa.column("description"), sa.column("view_all"), sa.column("edit_all")),
        [
            {"id": 1, "profilename": "Administrator", "description": "Everything",
             "view_all": True, "edit_all": True},
            {"id": 2, "profilename": "Sales Profile", "description": "Sales staff",
             "view_all": False, "edit_all": False},
            {"id": 3, "profilename": "Support Profile", "description": "Support agents",
             "view_all": False, "edit_all": False},
            {"id": 4, "profilename": "Guest Profile", "description": "Read only",
             "view_all": False, "edit_all": False},
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('profiles', 'id'), 4)")
    op.bulk_insert(sa.table("role_profile", sa.column("role_id"), sa.column("profile_id")),
                   [{"role_id": "H2", "profile_id": 1}] + [
                       {"role_id": r, "profile_id": 2} for r in ("H3", "H4", "H5")])
    rights = []
    for profile in (1, 2, 3, 4):
        for module in MODULES:
            write = profile == 1 or (
                profile in (2, 3)
                and not (profile == 2 and module == "HelpDesk")
                and not (profile == 3 and module == "Potentials")
            )
            rights.append({"profile_id": profile, "module": module, "can_view": True,
                           "can_create": write, "can_edit": write, "can_delete": write})
    op.bulk_insert(
        sa.table("profile_module", sa.column("profile_id"), sa.column("module"),
                 sa.column("can_view"), sa.column("can_create"), sa.column("can_edit"),
                 sa.column("can_delete")),
        rights,
    )
    tools = [{"profile_id": 1, "tool": t} for t in ALL_TOOLS]
    tools += [{"profile_id": 2, "tool": t}
              for t in ("import", "export", "merge", "convert_lead", "see_amounts")]
    tools += [{"profile_id": 3, "tool": t} for t in ("export", "merge")]
    op.bulk_insert(sa.table("profile_tool", sa.column("profile_id"), sa.column("tool")), tools)
    op.bulk_insert(
        sa.table("org_sharing", sa.column("module"), sa.column("level")),
        [{"module": m, "level": "private" if m in PRIVATE else "public_write"}
         for m in MODULES if m not in NOT_OWNED],
    )
    op.bulk_insert(sa.table("user_role", sa.column("user_id"), sa.column("role_id")),
                   [{"user_id": 1, "role_id": "H2"}])


def downgrade() -> None:
    op.drop_table('user_role')
    op.drop_table('group_role')
    op.drop_table('role_profile')
    op.drop_table('profile_tool')
    op.drop_table('profile_module')
    op.drop_table('profile_field')
    op.drop_table('sharing_rule')
    op.drop_table('roles')
    op.drop_table('profiles')
    op.drop_table('org_sharing')
