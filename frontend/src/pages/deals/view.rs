//! The page of one deal: its stage, changed in one step, its budget and dates, client and
//! people; tabs for its history and files; edit and delete for those who may.

use crm_api_types::{ChangeStageRequest, ContactResponse, DealResponse, RecordKind, RecordRef};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{bid_text, money, status_text, use_deal_choices};
use crate::app::Route;
use crate::components::records::{custom_facts, FilesTab, HistoryTab};
use crate::components::{use_record_title, Loading, Notice, ProblemBanner};
use crate::hooks::{load_fields, use_contact_choices, use_load, use_session};
use crate::i18n::{fill, DealText, Label, Lang, ProjectText, TaskText, Text};
use crate::pages::cases::participants;
use crate::pages::invoices::InvoicesTab;
use crate::pages::projects::{DealProjectsTab, ForDeal};
use crate::pages::tasks::{About, RecordTasksTab};
use crate::services::{api, browser, format, ApiError};

/// The tabs of a deal page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealTab {
    /// What the deal is.
    Profile,
    /// Its history.
    History,
    /// The files of its history.
    Files,
    /// The tasks about it.
    Tasks,
    /// Its client and other contacts.
    Contacts,
    /// The projects made from it.
    Projects,
    /// The invoices for it.
    Invoices,
}

/// Properties of [`DealPage`].
#[derive(Properties, PartialEq)]
pub struct DealPageProps {
    /// The deal.
    pub id: i64,
    /// The tab shown.
    pub tab: DealTab,
}

/// The deal page.
#[component]
pub fn DealPage(props: &DealPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let deal = use_load(props.id, |id| async move {
        api::get::<DealResponse>(&format!("/deals/{id}")).await
    });
    use_record_title(deal.data.as_ref().map(|d| d.title.clone()));
    let choices = use_deal_choices();
    let contacts = use_contact_choices();
    let client = use_load(
        deal.data.as_ref().and_then(|d| d.contact_id),
        |id| async move {
            match id {
                Some(id) => api::get::<ContactResponse>(&format!("/contacts/{id}"))
                    .await
                    .map(Some),
                None => Ok(None),
            }
        },
    );
    let people = use_load(
        deal.data.as_ref().map(|d| d.contact_ids.clone()),
        |ids| async move { participants(ids.unwrap_or_default()).await },
    );
    let fields = use_load((), |()| load_fields("deal"));
    let error = use_state(|| None::<ApiError>);
    let moved = use_state(|| false);

    if let Some(e) = deal.error.clone().or(choices.error.clone()) {
        return html! { <ProblemBanner error={e} on_reload={deal.reload.clone()} /> };
    }
    let (Some(d), Some(lists)) = (deal.data.clone(), choices.data.clone()) else {
        return html! { <Loading /> };
    };

    let on_stage = {
        let (replace, error, moved, d) = (
            deal.replace.clone(),
            error.clone(),
            moved.clone(),
            d.clone(),
        );
        Callback::from(move |e: Event| {
            let Ok(stage) = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse::<i64>()
            else {
                return;
            };
            let (replace, error, moved) = (replace.clone(), error.clone(), moved.clone());
            let body = ChangeStageRequest {
                stage_id: stage,
                version: Some(d.version),
            };
            let id = d.id;
            spawn_local(async move {
                match api::post::<_, DealResponse>(&format!("/deals/{id}/stage"), &body).await {
                    Ok(next) => {
                        error.set(None);
                        moved.set(true);
                        replace.emit(next);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_delete = {
        let (id, title, error, navigator) =
            (d.id, d.title.clone(), error.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&fill(
                DealText::ConfirmDelete.tr(lang),
                &[("title", &title)],
            )) {
                return;
            }
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match api::delete(&format!("/deals/{id}")).await {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Deals);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let tab_link = |tab: DealTab, route: Route, label: Label, testid: &str| {
        let active = props.tab == tab;
        html! {
            <Link<Route> to={route} classes={classes!("tab", active.then_some("active"))}>
                <span data-testid={testid.to_owned()} aria-current={active.then_some("page")}>{ session.t(label) }</span>
            </Link<Route>>
        }
    };
    let fact = |label: DealText, value: Html, testid: &str| {
        html! {
            <div class="fact">
                <dt>{ label.tr(lang) }</dt>
                <dd data-testid={testid.to_owned()}>{ value }</dd>
            </div>
        }
    };
    let budget = if d.bid_type == crm_api_types::BidType::Fixed {
        money(&d.amount, &d.currency, lang)
    } else {
        format!(
            "{} × {} ({})",
            money(&d.amount, &d.currency, lang),
            d.periods,
            bid_text(d.bid_type).tr(lang)
        )
    };
    let client_name = client
        .data
        .clone()
        .flatten()
        .map(|c| (c.id, c.display_name));
    let record = RecordRef {
        kind: RecordKind::Deal,
        id: d.id,
    };

    html! {
        <>
            <section class="card contact-header" data-testid="deal-page">
                <div class="contact-title">
                    <h2 data-testid="deal-heading">{ d.title.clone() }</h2>
                    <span class="badge" data-testid="deal-status">{ status_text(d.stage_status).tr(lang) }</span>
                    if d.restricted {
                        <span class="badge badge-off" data-testid="deal-restricted">{ DealText::RestrictedBadge.tr(lang) }</span>
                    }
                </div>
                <div class="actions">
                    <Link<Route> to={Route::Deals} classes="button">{ DealText::ToDeals.tr(lang) }</Link<Route>>
                    <Link<Route, ForDeal> to={Route::ProjectNew} query={Some(ForDeal { deal: d.id })} classes="button">
                        <span data-testid="deal-create-project">{ ProjectText::CreateFromDeal.tr(lang) }</span>
                    </Link<Route, ForDeal>>
                    <Link<Route> to={Route::DealEdit { id: d.id }} classes="button primary">
                        <span data-testid="deal-edit">{ DealText::Edit.tr(lang) }</span>
                    </Link<Route>>
                    <button type="button" class="button danger" data-testid="deal-delete" onclick={on_delete}>
                        { Text::Delete.tr(lang) }
                    </button>
                </div>
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_reload={deal.reload.clone()} />
            }
            if *moved {
                <Notice text={DealText::Saved.tr(lang)} />
            }
            <nav class="tabs">
                { tab_link(DealTab::Profile, Route::Deal { id: d.id }, DealText::TabProfile.into(), "tab-profile") }
                { tab_link(DealTab::Contacts, Route::DealContacts { id: d.id }, DealText::TabContacts.into(), "tab-contacts") }
                { tab_link(DealTab::Tasks, Route::DealTasks { id: d.id }, TaskText::TabTasks.into(), "tab-tasks") }
                { tab_link(DealTab::History, Route::DealHistory { id: d.id }, DealText::TabHistory.into(), "tab-history") }
                { tab_link(DealTab::Files, Route::DealFiles { id: d.id }, DealText::TabFiles.into(), "tab-files") }
                { tab_link(DealTab::Projects, Route::DealProjects { id: d.id }, ProjectText::TabProjects.into(), "tab-projects") }
                if session.has_section("invoices") {
                    { tab_link(DealTab::Invoices, Route::DealInvoices { id: d.id }, Text::SectionInvoices.into(), "tab-invoices") }
                }
            </nav>
            if props.tab == DealTab::Profile {
                <section class="card">
                    <div class="field">
                        <label for="f-deal-stage">{ DealText::Stage.tr(lang) }</label>
                        <select id="f-deal-stage" onchange={on_stage} data-testid="deal-stage-select">
                            { lists.stage_select(d.pipeline_id, d.stage_id) }
                        </select>
                    </div>
                    <dl class="facts">
                        { fact(DealText::Value, html! { money(&d.value, &d.currency, lang) }, "deal-value") }
                        { fact(DealText::Amount, html! { budget }, "deal-budget") }
                        { fact(DealText::Probability, html! { format!("{} %", d.probability) }, "deal-probability") }
                        { fact(DealText::Weighted, html! { money(&d.weighted_value, &d.currency, lang) }, "deal-weighted") }
                        { fact(DealText::Responsible, html! { lists.users.name(d.responsible_id) }, "deal-responsible") }
                        if let Some((id, name)) = client_name {
                            { fact(DealText::Client, html! {
                                <Link<Route> to={Route::Contact { id }}>{ name }</Link<Route>>
                            }, "deal-client") }
                        }
                        if let Some(day) = d.expected_close_on {
                            { fact(DealText::ExpectedClose, html! { format::date(day, lang) }, "deal-expected") }
                        }
                        if let Some(day) = d.actual_close_on {
                            { fact(DealText::ActualClose, html! { format::date(day, lang) }, "deal-closed-on") }
                        }
                    </dl>
                    if let Some(fields) = fields.data.as_ref() {
                        { custom_facts(fields.iter(), &d.custom_fields, lang) }
                    }
                    if !d.description.is_empty() {
                        <p class="notes">{ d.description.clone() }</p>
                    }
                </section>
            } else if props.tab == DealTab::Contacts {
                <section class="card" data-testid="deal-contacts">
                    { contacts_list(people.data.as_deref(), d.contact_id, lang) }
                </section>
            } else if props.tab == DealTab::Projects {
                <DealProjectsTab deal_id={d.id} />
            } else if props.tab == DealTab::Invoices {
                <InvoicesTab deal_id={Some(d.id)} />
            } else if props.tab == DealTab::Tasks {
                <RecordTasksTab about={About { kind: RecordKind::Deal, id: d.id, name: Some(d.title.clone()) }} />
            } else if let Some(lists) = contacts.data.clone() {
                if props.tab == DealTab::History {
                    <HistoryTab {record} choices={lists} />
                } else {
                    <FilesTab {record} choices={lists} />
                }
            } else {
                <Loading />
            }
        </>
    }
}

/// The contacts of a deal by name, its client marked.
fn contacts_list(people: Option<&[(i64, String)]>, client: Option<i64>, lang: Lang) -> Html {
    match people {
        None => html! { <Loading /> },
        Some([]) => html! { <p class="muted">{ DealText::NoContacts.tr(lang) }</p> },
        Some(list) => {
            let items = list.iter().map(|(id, name)| {
                html! {
                    <li data-testid="deal-contact">
                        <Link<Route> to={Route::Contact { id: *id }}>{ name.clone() }</Link<Route>>
                        if Some(*id) == client {
                            { " " }<span class="badge">{ DealText::Client.tr(lang) }</span>
                        }
                    </li>
                }
            });
            html! { <ul class="plain-list">{ for items }</ul> }
        }
    }
}
