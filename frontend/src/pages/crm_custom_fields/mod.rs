//! The custom fields of persons, companies and deals, which CRM admins define: add, change, order
//! and delete them.

mod field_editor;
mod field_row;

use crm_api_types::{CustomFieldListResponse, ReorderCustomFieldsRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::crm_lists::moved;
use crate::components::{Loading, ProblemBanner};
use crate::hooks::{load_fields, use_load, use_session};
use crate::i18n::CustomFieldText;
use crate::services::{api, ApiError};
use field_editor::FieldEditor;
use field_row::FieldRow;

/// Record kinds with custom fields, and the name of each kind's tab.
const KINDS: [(&str, CustomFieldText); 4] = [
    ("person", CustomFieldText::ForPeople),
    ("company", CustomFieldText::ForCompanies),
    ("deal", CustomFieldText::ForDeals),
    ("case", CustomFieldText::ForCases),
];

/// The custom fields page (CRM admins).
#[component]
pub fn CrmCustomFieldsPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let kind = use_state(|| "person".to_owned());
    let fields = use_load(
        (*kind).clone(),
        |kind| async move { load_fields(&kind).await },
    );
    let error = use_state(|| None::<ApiError>);

    let tabs = KINDS.iter().map(|(code, label)| {
        let active = *kind == *code;
        let onclick = {
            let (kind, error, code) = (kind.clone(), error.clone(), (*code).to_owned());
            Callback::from(move |_: MouseEvent| {
                error.set(None);
                kind.set(code.clone());
            })
        };
        html! {
            <button type="button" class={classes!("tab", "tab-button", active.then_some("active"))}
                aria-pressed={active.to_string()} {onclick} data-testid={format!("custom-fields-{code}")}>
                { label.tr(lang) }
            </button>
        }
    });
    let body = match (fields.data.clone(), fields.error.clone()) {
        (_, Some(error)) => html! { <ProblemBanner {error} on_reload={fields.reload.clone()} /> },
        (None, None) => html! { <Loading /> },
        (Some(current), None) => {
            let ids: Vec<i64> = current.iter().map(|f| f.id).collect();
            let on_move = {
                let (error, replace, record_kind) =
                    (error.clone(), fields.replace.clone(), (*kind).clone());
                Callback::from(move |(index, up): (usize, bool)| {
                    let Some(ids) = moved(&ids, index, up) else {
                        return;
                    };
                    let request = ReorderCustomFieldsRequest {
                        record_kind: record_kind.clone(),
                        ids,
                    };
                    let (error, replace) = (error.clone(), replace.clone());
                    spawn_local(async move {
                        let path = "/settings/custom-fields/order";
                        match api::put::<_, CustomFieldListResponse>(path, &request).await {
                            Ok(answer) => {
                                error.set(None);
                                replace.emit(answer.items);
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    });
                })
            };
            let on_changed = {
                let (error, reload) = (error.clone(), fields.reload.clone());
                Callback::from(move |()| {
                    error.set(None);
                    reload.emit(());
                })
            };
            let on_error = {
                let error = error.clone();
                Callback::from(move |e| error.set(Some(e)))
            };
            let count = current.len();
            html! {
                if current.is_empty() {
                    <p class="muted" data-testid="custom-fields-empty">{ CustomFieldText::NoFields.tr(lang) }</p>
                } else {
                    <ul class="list-items" data-testid="custom-fields">
                        { for current.iter().enumerate().map(|(index, field)| html! {
                            <FieldRow key={field.id} field={field.clone()} {index} last={index + 1 == count}
                                on_move={on_move.clone()} on_changed={on_changed.clone()}
                                on_error={on_error.clone()} />
                        }) }
                    </ul>
                }
            }
        }
    };
    let on_added = {
        let (error, reload) = (error.clone(), fields.reload.clone());
        Callback::from(move |_| {
            error.set(None);
            reload.emit(());
        })
    };

    html! {
        <>
            <p class="muted">{ CustomFieldText::Intro.tr(lang) }</p>
            <nav class="tabs">{ for tabs }</nav>
            <section class="card">
                if let Some(error) = (*error).clone() {
                    <ProblemBanner {error} on_reload={fields.reload.clone()} />
                }
                { body }
            </section>
            <section class="card" data-testid="custom-field-new">
                <h2>{ CustomFieldText::NewField.tr(lang) }</h2>
                <FieldEditor key={(*kind).clone()} record_kind={(*kind).clone()} on_saved={on_added} />
            </section>
        </>
    }
}
