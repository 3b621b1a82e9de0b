"""Every built-in CRM module, and the many-to-many relations between them."""

from crm_core.metadata.module import ManyToMany, Module
from crm_core.modules.accounts import ACCOUNTS
from crm_core.modules.assets import ASSETS
from crm_core.modules.calls import CALLS
from crm_core.modules.campaigns import CAMPAIGNS
from crm_core.modules.comments import COMMENTS
from crm_core.modules.contacts import CONTACTS
from crm_core.modules.documents import DOCUMENTS
from crm_core.modules.emails import EMAILS
from crm_core.modules.events import EVENTS
from crm_core.modules.faq import FAQ
from crm_core.modules.helpdesk import HELPDESK
from crm_core.modules.invoice import INVOICE
from crm_core.modules.leads import LEADS
from crm_core.modules.potentials import POTENTIALS
from crm_core.modules.pricebooks import PRICEBOOKS
from crm_core.modules.products import PRODUCTS
from crm_core.modules.project import PROJECT
from crm_core.modules.projectmilestone import PROJECTMILESTONE
from crm_core.modules.projecttask import PROJECTTASK
from crm_core.modules.purchaseorder import PURCHASEORDER
from crm_core.modules.quotes import QUOTES
from crm_core.modules.salesorder import SALESORDER
from crm_core.modules.servicecontracts import SERVICECONTRACTS
from crm_core.modules.services import SERVICES
from crm_core.modules.tasks import TASKS
from crm_core.modules.vendors import VENDORS

MODULES: tuple[Module, ...] = (
    LEADS,
    CONTACTS,
    ACCOUNTS,
    POTENTIALS,
    CAMPAIGNS,
    VENDORS,
    PRODUCTS,
    SERVICES,
    PRICEBOOKS,
    QUOTES,
    SALESORDER,
    INVOICE,
    PURCHASEORDER,
    SERVICECONTRACTS,
    ASSETS,
    HELPDESK,
    FAQ,
    DOCUMENTS,
    EVENTS,
    TASKS,
    CALLS,
    COMMENTS,
    EMAILS,
    PROJECT,
    PROJECTTASK,
    PROJECTMILESTONE,
)

MANY_TO_MANY: tuple[ManyToMany, ...] = (
    # vtiger's N:N related lists between our modules. One-to-many relations are
    # reference fields (a contact's account_id) and are not repeated here.
    ManyToMany("Campaigns", "Leads"),
    ManyToMany("Campaigns", "Contacts"),
    ManyToMany("Campaigns", "Accounts"),
    ManyToMany("Potentials", "Contacts"),
    ManyToMany("Vendors", "Contacts"),
    ManyToMany("Events", "Contacts"),
    ManyToMany("PriceBooks", "Products"),
    ManyToMany("PriceBooks", "Services"),
    ManyToMany("Products", "Leads"),
    ManyToMany("Products", "Accounts"),
    ManyToMany("Products", "Contacts"),
    ManyToMany("Products", "Potentials"),
    ManyToMany("Services", "Leads"),
    ManyToMany("Services", "Accounts"),
    ManyToMany("Services", "Contacts"),
    ManyToMany("Services", "Potentials"),
    ManyToMany("HelpDesk", "Services"),
    ManyToMany("HelpDesk", "ServiceContracts"),
    ManyToMany("HelpDesk", "Project"),
    ManyToMany("HelpDesk", "Assets"),
    ManyToMany("Documents", "*"),
)
