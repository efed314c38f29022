//! The people of a company: list them, add an existing person, remove one.

use crm_api_types::{ContactQueryParams, ContactResponse, UpdateContactRequest};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{AccessBadge, ContactPicker, LoadMore, ProblemBanner};
use crate::hooks::{is_plain_click, use_paged_list, use_session};
use crate::i18n::{fill, ContactText, Text};
use crate::services::{api, browser, with_query, ApiError};

/// Properties of [`PeopleTab`].
#[derive(Properties, PartialEq)]
pub struct PeopleTabProps {
    /// The company.
    pub company: ContactResponse,
}

/// Moves `person` into the company `company_id` (`0`: out of any company).
async fn set_company(
    person: &ContactResponse,
    company_id: i64,
) -> Result<ContactResponse, ApiError> {
    let change = UpdateContactRequest {
        company_id: Some(company_id),
        version: Some(person.version),
        ..Default::default()
    };
    api::patch(&format!("/contacts/{}", person.id), &change).await
}

/// The people tab of a company.
#[component]
pub fn PeopleTab(props: &PeopleTabProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let company = &props.company;
    let query = ContactQueryParams {
        company_id: Some(company.id),
        kind: Some("person".to_owned()),
        ..Default::default()
    };
    let people = use_paged_list::<ContactResponse>(with_query("/contacts", &query));
    let error = use_state(|| None::<ApiError>);

    // Runs a change of one person, then reloads the list.
    let change = {
        let (error, reload) = (error.clone(), people.reload.clone());
        move |person: ContactResponse, company_id: i64| {
            let (error, reload) = (error.clone(), reload.clone());
            spawn_local(async move {
                match set_company(&person, company_id).await {
                    Ok(_) => {
                        error.set(None);
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let on_add = {
        let (change, company_id) = (change.clone(), company.id);
        Callback::from(move |person: ContactResponse| change(person, company_id))
    };
    let new_person = {
        let (navigator, company_id) = (use_navigator(), company.id);
        Callback::from(move |e: MouseEvent| {
            if let (true, Some(navigator)) = (is_plain_click(&e), &navigator) {
                e.prevent_default();
                let _ignored =
                    navigator.push_with_query(&Route::PersonNew, &[("company", company_id)]);
            }
        })
    };
    let shown: Vec<i64> = people.items.iter().map(|p| p.id).collect();
    let rows = people.items.iter().map(|person| {
        let on_remove = {
            let (change, person) = (change.clone(), person.clone());
            Callback::from(move |_: MouseEvent| {
                let question = fill(ContactText::ConfirmRemovePerson.tr(lang), &[("name", &person.display_name)]);
                if browser::confirm(&question) {
                    change(person.clone(), 0);
                }
            })
        };
        html! {
            <tr key={person.id} data-testid="person-row">
                <td data-label={Text::Name.tr(lang)}>
                    <Link<Route> to={Route::Contact { id: person.id }}>{ person.display_name.clone() }</Link<Route>>
                </td>
                <td data-label={ContactText::JobTitle.tr(lang)}>{ person.job_title.clone() }</td>
                <td data-label={ContactText::Access.tr(lang)}><AccessBadge access={person.access.as_str()} /></td>
                <td class="num">
                    if person.can_edit {
                        <button type="button" class="button small" data-testid="person-remove" onclick={on_remove}>
                            { ContactText::RemoveFromCompany.tr(lang) }
                        </button>
                    }
                </td>
            </tr>
        }
    });

    html! {
        <section data-testid="people-tab">
            if let Some(error) = (*error).clone().or(people.error.clone()) {
                <ProblemBanner {error} on_reload={people.reload.clone()} />
            }
            <div class="toolbar">
                <span class="spacer"></span>
                <a class="button" href={format!("{}?company={}", Route::PersonNew.to_path(), company.id)}
                    onclick={new_person} data-testid="people-new">{ ContactText::NewPersonHere.tr(lang) }</a>
            </div>
            if company.can_edit {
                <div class="field">
                    <label>{ ContactText::AddPerson.tr(lang) }</label>
                    <ContactPicker placeholder={ContactText::FindPerson} kind="person" exclude={shown}
                        onpick={on_add} testid="people-add" />
                </div>
            }
            if people.items.is_empty() && !people.loading {
                <p class="muted">{ ContactText::NoPeople.tr(lang) }</p>
            } else {
                <div class="table-wrap">
                    <table class="table" data-testid="people-table">
                        <thead><tr>
                            <th>{ Text::Name.tr(lang) }</th>
                            <th>{ ContactText::JobTitle.tr(lang) }</th>
                            <th>{ ContactText::Access.tr(lang) }</th>
                            <th></th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
                <LoadMore shown={people.items.len()} total={people.total} has_more={people.has_more}
                    loading={people.loading} on_more={people.load_more.clone()} />
            }
        </section>
    }
}
