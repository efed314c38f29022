//! The page of one contact: header with photo and actions (edit, delete, merge) and tabs
//! (profile, history, people of a company, tasks).

use std::rc::Rc;

use crm_api_types::{ContactResponse, RecordRef};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::merge::MergePanel;
use super::people_tab::PeopleTab;
use super::photo::ContactPhoto;
use super::profile_tab::ProfileFacts;
use super::records_tab::{ContactCasesTab, ContactDealsTab, ForContact};
use crate::app::Route;
use crate::components::records::{FilesTab, HistoryTab};
use crate::components::{use_record_title, AccessBadge, Loading, Notice, ProblemBanner};
use crate::hooks::{use_contact_choices, use_load, use_session};
use crate::i18n::{
    fill, kind_text, CaseText, ContactText, DealText, HistoryText, Label, TaskText, Text,
};
use crate::pages::invoices::InvoicesTab;
use crate::pages::tasks::{About, RecordTasksTab};
use crate::services::{api, browser, recent, ApiError};

/// The tabs of a contact's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactTab {
    /// All fields and details.
    Profile,
    /// What happened, newest first.
    History,
    /// The people of a company.
    People,
    /// The tasks about the contact.
    Tasks,
    /// The deals it is in.
    Deals,
    /// The cases it takes part in.
    Cases,
    /// The invoices it is the client or consignee of.
    Invoices,
    /// The files of its history.
    Files,
}

/// Properties of [`ContactPage`].
#[derive(Properties, PartialEq)]
pub struct ContactPageProps {
    /// The contact.
    pub id: i64,
    /// The open tab.
    pub tab: ContactTab,
}

/// The contact page.
#[component]
pub fn ContactPage(props: &ContactPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let contact = use_load(props.id, |id| async move {
        api::get::<ContactResponse>(&format!("/contacts/{id}")).await
    });
    use_record_title(contact.data.as_ref().map(|r| r.display_name.clone()));
    {
        // The home page lists the contacts opened lately; one that is gone leaves the list.
        let me = session.me().map(|me| me.user.id);
        let (id, gone) = (
            props.id,
            contact.error.as_ref().is_some_and(|e| e.status == 404),
        );
        use_effect_with((contact.data.clone(), gone), move |(loaded, gone)| {
            if let (Some(me), Some(c)) = (me, loaded) {
                recent::opened_contact(
                    me,
                    recent::RecentContact {
                        id: c.id,
                        name: c.display_name.clone(),
                    },
                );
            } else if let (Some(me), true) = (me, *gone) {
                recent::forget_contact(me, id);
            }
        });
    }
    let choices = use_contact_choices();
    let error = use_state(|| None::<ApiError>);
    let merging = use_state(|| false);
    let merged = use_state(|| false);
    {
        let (error, merging, merged) = (error.clone(), merging.clone(), merged.clone());
        use_effect_with(props.id, move |_| {
            error.set(None);
            merging.set(false);
            merged.set(false);
        });
    }

    if let Some(load_error) = contact.error.clone().or(choices.error.clone()) {
        return html! { <ProblemBanner error={load_error} on_reload={contact.reload.clone()} /> };
    }
    let (Some(c), Some(lists)) = (contact.data.clone(), choices.data.clone()) else {
        return html! { <Loading /> };
    };
    let is_company = c.kind == crm_api_types::ContactKind::Company;
    let with_tasks = session.has_section("tasks");
    let with_deals = session.has_section("deals");
    let with_cases = session.has_section("cases");

    let on_delete = {
        let (c, error, navigator) = (c.clone(), error.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let question = fill(
                ContactText::ConfirmDelete.tr(lang),
                &[("name", &c.display_name)],
            );
            if !browser::confirm(&question) {
                return;
            }
            let (id, error, navigator) = (c.id, error.clone(), navigator.clone());
            spawn_local(async move {
                match api::delete(&format!("/contacts/{id}")).await {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Contacts);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let toggle_merge = {
        let merging = merging.clone();
        Callback::from(move |_: MouseEvent| merging.set(!*merging))
    };
    let on_merged = {
        let (merging, merged, replace, navigator, id) = (
            merging.clone(),
            merged.clone(),
            contact.replace.clone(),
            navigator.clone(),
            c.id,
        );
        Callback::from(move |kept: ContactResponse| {
            merging.set(false);
            merged.set(true);
            if kept.id == id {
                replace.emit(kept);
            } else if let Some(navigator) = &navigator {
                navigator.push(&Route::Contact { id: kept.id });
            }
        })
    };
    let close_merge = {
        let merging = merging.clone();
        Callback::from(move |()| merging.set(false))
    };
    let tab_link = |tab: ContactTab, route: Route, label: Label, testid: &str| {
        let active = props.tab == tab;
        html! {
            <Link<Route> to={route} classes={classes!("tab", active.then_some("active"))}>
                <span data-testid={testid.to_owned()} aria-current={active.then_some("page")}>{ session.t(label) }</span>
            </Link<Route>>
        }
    };
    let on_photo_removed = contact.reload.clone();
    let temperature = lists.temperature(c.temperature_id);

    html! {
        <>
            <section class="card contact-header">
                <ContactPhoto contact={c.clone()} on_saved={contact.replace.clone()} on_removed={on_photo_removed} />
                <div class="contact-title">
                    <h2 data-testid="contact-heading">{ c.display_name.clone() }</h2>
                    <span class="muted">{ kind_text(c.kind.as_str()).tr(lang) }</span>
                    if let Some(company) = &c.company {
                        <span class="muted">{ " · " }
                            <Link<Route> to={Route::Contact { id: company.id }}>{ company.display_name.clone() }</Link<Route>>
                        </span>
                    }
                    <AccessBadge access={c.access.as_str()} />
                    if let Some(t) = temperature {
                        <span class="badge badge-off">{ t.title.clone() }</span>
                    }
                    if !c.can_edit {
                        <span class="badge badge-off" data-testid="view-only">{ ContactText::ViewOnly.tr(lang) }</span>
                    }
                </div>
                if c.can_edit {
                    <div class="actions">
                        <Link<Route> to={Route::ContactEdit { id: c.id }} classes="button primary">
                            <span data-testid="contact-edit">{ ContactText::Edit.tr(lang) }</span>
                        </Link<Route>>
                        if with_deals {
                            <Link<Route, ForContact> to={Route::DealNew} query={Some(ForContact { contact: c.id })} classes="button">
                                <span data-testid="contact-new-deal">{ DealText::NewDeal.tr(lang) }</span>
                            </Link<Route, ForContact>>
                        }
                        if with_cases {
                            <Link<Route, ForContact> to={Route::CaseNew} query={Some(ForContact { contact: c.id })} classes="button">
                                <span data-testid="contact-new-case">{ CaseText::NewCase.tr(lang) }</span>
                            </Link<Route, ForContact>>
                        }
                        <button type="button" class="button" data-testid="contact-merge" onclick={toggle_merge}>
                            { ContactText::Merge.tr(lang) }
                        </button>
                        <button type="button" class="button danger" data-testid="contact-delete" onclick={on_delete}>
                            { Text::Delete.tr(lang) }
                        </button>
                    </div>
                }
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_reload={contact.reload.clone()} />
            }
            if *merged {
                <Notice text={ContactText::MergeDone.tr(lang)} />
            }
            if *merging {
                <MergePanel contact={c.clone()} choices={Rc::clone(&lists)} {on_merged} on_close={close_merge} />
            }
            <nav class="tabs">
                { tab_link(ContactTab::Profile, Route::Contact { id: c.id }, ContactText::TabProfile.into(), "tab-profile") }
                { tab_link(ContactTab::History, Route::ContactHistory { id: c.id }, HistoryText::TabHistory.into(), "tab-history") }
                if is_company {
                    { tab_link(ContactTab::People, Route::ContactPeople { id: c.id }, ContactText::TabPeople.into(), "tab-people") }
                }
                if with_tasks {
                    { tab_link(ContactTab::Tasks, Route::ContactTasks { id: c.id }, TaskText::TabTasks.into(), "tab-tasks") }
                }
                if with_deals {
                    { tab_link(ContactTab::Deals, Route::ContactDeals { id: c.id }, Text::SectionDeals.into(), "tab-deals") }
                }
                if with_cases {
                    { tab_link(ContactTab::Cases, Route::ContactCases { id: c.id }, Text::SectionCases.into(), "tab-cases") }
                }
                if session.has_section("invoices") {
                    { tab_link(ContactTab::Invoices, Route::ContactInvoices { id: c.id }, Text::SectionInvoices.into(), "tab-invoices") }
                }
                { tab_link(ContactTab::Files, Route::ContactFiles { id: c.id }, HistoryText::TabFiles.into(), "tab-files") }
            </nav>
            if is_company && props.tab == ContactTab::People {
                <PeopleTab company={c} />
            } else if props.tab == ContactTab::History {
                <HistoryTab record={RecordRef::contact(c.id)} company={is_company} choices={lists} />
            } else if props.tab == ContactTab::Files {
                <FilesTab record={RecordRef::contact(c.id)} company={is_company} choices={lists} />
            } else if with_deals && props.tab == ContactTab::Deals {
                <ContactDealsTab contact_id={c.id} />
            } else if with_cases && props.tab == ContactTab::Cases {
                <ContactCasesTab contact_id={c.id} />
            } else if props.tab == ContactTab::Invoices {
                <InvoicesTab contact_id={Some(c.id)} />
            } else if with_tasks && props.tab == ContactTab::Tasks {
                <RecordTasksTab about={About::contact(c.id, c.display_name.clone())}
                    users={Some(lists.users.clone())} />
            } else {
                <section class="card">
                    <ProfileFacts contact={c} choices={lists} />
                </section>
            }
        </>
    }
}
