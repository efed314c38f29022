//! Creating a person or a company, or changing a contact; warns about possible duplicates.

use crm_api_types::{ContactRef, ContactResponse, CustomValue};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::draft::ContactDraft;
use super::duplicates::DuplicateWarning;
use super::form_fields::ContactFields;
use super::photo::MAX_PHOTO_BYTES;
use crate::app::Route;
use crate::components::{use_record_title, Loading, Notice, ProblemBanner};
use crate::hooks::{use_contact_choices, use_load, use_session};
use crate::i18n::{fill, ContactText, HistoryText, Text};
use crate::services::api::Method;
use crate::services::{api, transfer, ApiError};

/// What to do after a successful save.
#[derive(Clone, Copy, PartialEq)]
enum SaveMode {
    /// Open the saved contact.
    Open,
    /// Start a new contact of the same kind.
    New,
}

/// The form of a new contact of `kind`.
fn new_route(kind: &str) -> Route {
    if kind == "company" {
        Route::CompanyNew
    } else {
        Route::PersonNew
    }
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The query of a new person's form.
#[derive(serde::Deserialize)]
struct CompanyParam {
    company: Option<i64>,
}

/// Properties of [`ContactFormPage`].
#[derive(Properties, PartialEq)]
pub struct ContactFormPageProps {
    /// `person` or `company` for a new contact; ignored when editing.
    pub kind: AttrValue,
    /// The contact to change; `None` to create one.
    pub id: Option<i64>,
}

/// The contact form page.
#[component]
pub fn ContactFormPage(props: &ContactFormPageProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let me = session.me().map(|me| me.user.id);
    let contact = use_load(props.id, |id| async move {
        match id {
            Some(id) => api::get::<ContactResponse>(&format!("/contacts/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    use_record_title(
        contact
            .data
            .as_ref()
            .and_then(|c| c.as_ref().map(|c| c.display_name.clone())),
    );
    // `?company=ID` on a new person's form: the company it starts in (its People tab links so).
    let company_id = use_location()
        .and_then(|l| l.query::<CompanyParam>().ok())
        .and_then(|q| q.company)
        .filter(|_| props.id.is_none() && props.kind == "person");
    let preset = use_load(company_id, |id| async move {
        match id {
            Some(id) => api::get::<ContactResponse>(&format!("/contacts/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let preset_company = preset.data.clone().flatten().map(|c| ContactRef {
        id: c.id,
        kind: c.kind,
        display_name: c.display_name,
    });
    let choices = use_contact_choices();
    let draft = use_state(|| ContactDraft::new(&props.kind, me));
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let created = use_state(|| None::<ContactRef>);
    let last_mode = use_state(|| SaveMode::Open);
    // Errors of custom fields name their index in the request.
    let sent_custom = use_state(Vec::<i64>::new);
    // The photo chosen for a new contact, sent once it is created; a new input each reset.
    let photo = use_state(|| None::<web_sys::File>);
    let photo_too_large = use_state(|| false);
    let photo_input = use_state(|| 0_u32);
    {
        // Switching between "new person" and "new company" reuses this component.
        let (draft, error, created) = (draft.clone(), error.clone(), created.clone());
        use_effect_with(
            (props.kind.clone(), props.id, preset_company.clone()),
            move |(kind, id, company)| {
                if id.is_none() {
                    draft.set(ContactDraft {
                        company: company.clone(),
                        ..ContactDraft::new(kind, me)
                    });
                    error.set(None);
                    created.set(None);
                }
            },
        );
    }
    {
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(contact.data.clone(), move |loaded| {
            if let Some(Some(contact)) = loaded {
                draft.set(ContactDraft::from_contact(contact));
                error.set(None);
            }
        });
    }

    if let Some(load_error) = contact.error.clone().or(choices.error.clone()) {
        return html! { <ProblemBanner error={load_error} on_reload={contact.reload.clone()} /> };
    }
    let original = contact.data.clone().flatten();
    let Some(lists) = choices.data.clone() else {
        return html! { <Loading /> };
    };
    if props.id.is_some() && original.is_none() {
        return html! { <Loading /> };
    }
    if company_id.is_some() && preset.data.is_none() && preset.error.is_none() {
        return html! { <Loading /> };
    }
    if original.as_ref().is_some_and(|c| !c.can_edit) {
        return html! { <p class="card narrow" data-testid="view-only">{ session.t(ContactText::ViewOnly) }</p> };
    }

    let submit = {
        let (draft, error, busy, created, last_mode, sent_custom) = (
            draft.clone(),
            error.clone(),
            busy.clone(),
            created.clone(),
            last_mode.clone(),
            sent_custom.clone(),
        );
        let original = original.clone();
        let (photo, photo_input) = (photo.clone(), photo_input.clone());
        Callback::from(move |(mode, allow_duplicates): (SaveMode, bool)| {
            busy.set(true);
            last_mode.set(mode);
            created.set(None);
            let (draft, error, busy, created) =
                (draft.clone(), error.clone(), busy.clone(), created.clone());
            let (original, navigator, sent_custom) =
                (original.clone(), navigator.clone(), sent_custom.clone());
            let (photo, photo_input) = (photo.clone(), photo_input.clone());
            let field_ids = |values: &Option<Vec<CustomValue>>| {
                values
                    .iter()
                    .flatten()
                    .map(|v| v.field_id)
                    .collect::<Vec<_>>()
            };
            spawn_local(async move {
                let result = match &original {
                    Some(old) => {
                        let path = format!("/contacts/{}", old.id);
                        let change = draft.changes_to(old);
                        sent_custom.set(field_ids(&change.custom_fields));
                        api::patch::<_, ContactResponse>(&path, &change).await
                    }
                    None => {
                        let sent = draft.without_blank_details();
                        draft.set(sent.clone());
                        let request = sent.to_create(allow_duplicates);
                        sent_custom.set(field_ids(&request.custom_fields));
                        api::post::<_, ContactResponse>("/contacts", &request).await
                    }
                };
                let saved = match result {
                    Ok(saved) => saved,
                    Err(e) => {
                        busy.set(false);
                        return error.set(Some(e));
                    }
                };
                // The photo of a new contact goes up once the contact exists.
                let chosen = (*photo).clone().filter(|_| original.is_none());
                let photo_failed = match chosen {
                    Some(file) => {
                        let path = format!("/contacts/{}/photo", saved.id);
                        transfer::upload::<ContactResponse>(Method::PUT, &path, &file)
                            .await
                            .err()
                    }
                    None => None,
                };
                busy.set(false);
                photo.set(None);
                photo_input.set(*photo_input + 1);
                if let Some(e) = photo_failed {
                    // The contact is saved: say so, with the photo's problem, on a fresh form.
                    draft.set(draft.another_like(me));
                    created.set(Some(ContactRef {
                        id: saved.id,
                        kind: saved.kind,
                        display_name: saved.display_name,
                    }));
                    error.set(Some(e));
                    return scroll_to_top();
                }
                match (mode, original.is_some(), navigator) {
                    (SaveMode::Open, _, Some(navigator)) => {
                        navigator.push(&Route::Contact { id: saved.id })
                    }
                    (SaveMode::New, true, Some(navigator)) => {
                        navigator.push(&new_route(saved.kind.as_str()))
                    }
                    _ => {
                        draft.set(draft.another_like(me));
                        error.set(None);
                        created.set(Some(ContactRef {
                            id: saved.id,
                            kind: saved.kind,
                            display_name: saved.display_name,
                        }));
                        scroll_to_top();
                    }
                }
            });
        })
    };
    let onsubmit = submit.reform(|e: SubmitEvent| {
        e.prevent_default();
        (SaveMode::Open, false)
    });
    let save_and_new = submit.reform(|_: MouseEvent| (SaveMode::New, false));
    let create_anyway = {
        let mode = *last_mode;
        submit.reform(move |()| (mode, true))
    };
    let on_photo = {
        let (photo, too_large) = (photo.clone(), photo_too_large.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|list| list.get(0));
            let large = file.as_ref().is_some_and(|f| f.size() > MAX_PHOTO_BYTES);
            too_large.set(large);
            photo.set(file.filter(|_| !large));
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |next| draft.set(next))
    };
    let cancel = original
        .as_ref()
        .map_or(Route::Contacts, |c| Route::Contact { id: c.id });
    let err = (*error).clone();
    let duplicates = err
        .as_ref()
        .filter(|e| e.is_possible_duplicates())
        .map(|e| e.duplicates.clone());

    html! {
        <form class="card form contact-form" {onsubmit} novalidate=true data-testid="contact-form">
            if let Some(done) = (*created).clone() {
                <Notice text={fill(session.t(ContactText::ContactCreated), &[("name", &done.display_name)])} />
                <p><Link<Route> to={Route::Contact { id: done.id }}>{ done.display_name.clone() }</Link<Route>></p>
            }
            if let Some(duplicates) = duplicates {
                <DuplicateWarning {duplicates} on_create_anyway={create_anyway} busy={*busy} />
            } else if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={original.is_some().then(|| contact.reload.clone())} />
            }
            <ContactFields draft={(*draft).clone()} onchange={on_draft} choices={lists}
                error={err} contact_id={props.id} sent_custom={(*sent_custom).clone()} />
            if original.is_none() {
                <div class="field">
                    <label for="f-new-photo">{ session.t(HistoryText::Photo) }</label>
                    <input id="f-new-photo" key={*photo_input} type="file" accept="image/jpeg,image/png,image/webp,image/gif"
                        onchange={on_photo} data-testid="contact-new-photo" aria-invalid={photo_too_large.to_string()} />
                    if *photo_too_large {
                        <p class="field-error" role="alert">{ session.t(HistoryText::PhotoTooLarge) }</p>
                    } else {
                        <p class="hint">{ session.t(HistoryText::PhotoHint) }</p>
                    }
                </div>
            }
            <div class="form-actions">
                <button type="submit" class="button primary" data-testid="contact-save" disabled={*busy}>
                    { session.t(if *busy { Text::Saving } else { Text::Save }) }
                </button>
                <button type="button" class="button" data-testid="contact-save-new" disabled={*busy}
                    onclick={save_and_new}>
                    { session.t(ContactText::SaveAndNew) }
                </button>
                <Link<Route> to={cancel} classes="button">{ session.t(Text::Cancel) }</Link<Route>>
            </div>
        </form>
    }
}
