//! The case form: a new case (maybe with a first participant, `?contact=`), or changes to
//! one: title, participants searched and added or removed with one click, tags, access.
//! "Save and create another" keeps the participants and access for the next.

use crm_api_types::{
    CaseRequest, CaseResponse, ContactResponse, CustomFieldResponse, TagListResponse,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::records::custom_values::{self, CustomValues};
use crate::components::records::{CustomFieldInputs, TagInput};
use crate::components::{
    CheckField, ContactPicker, FieldErrors, IdPicker, Loading, Notice, PickerOption, ProblemBanner,
    TextField,
};
use crate::hooks::{load_fields, use_load, use_session, PortalUsers};
use crate::i18n::{fill, CaseText, Text};
use crate::services::{api, ApiError};

/// Properties of [`CaseFormPage`].
#[derive(Properties, PartialEq)]
pub struct CaseFormPageProps {
    /// The case to change; `None` for a new one.
    pub id: Option<i64>,
}

/// What the form holds, as typed.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    title: String,
    participants: Vec<(i64, String)>,
    tags: Vec<String>,
    restricted: bool,
    members: Vec<i64>,
    custom: CustomValues,
    version: Option<i64>,
}

impl Draft {
    /// The request; on a change only the custom values that differ from `old`'s.
    fn request(&self, old: Option<&CaseResponse>) -> CaseRequest {
        let custom_fields = match old {
            Some(old) => custom_values::changes(
                &self.custom,
                &custom_values::from_contact(&old.custom_fields),
            ),
            None => custom_values::for_create(&self.custom),
        };
        CaseRequest {
            title: Some(self.title.clone()),
            contact_ids: Some(self.participants.iter().map(|(id, _)| *id).collect()),
            restricted: Some(self.restricted),
            member_ids: self.restricted.then(|| self.members.clone()),
            tags: Some(self.tags.clone()),
            custom_fields,
            version: self.version,
            ..CaseRequest::default()
        }
    }
}

/// What the form starts from: the case (when changing one), its participants and tag names,
/// the portal's case tags and users.
#[derive(Clone, PartialEq)]
struct Start {
    case: Option<CaseResponse>,
    draft: Draft,
    known_tags: Vec<String>,
    users: PortalUsers,
    fields: Vec<CustomFieldResponse>,
}

async fn start(id: Option<i64>, contact: Option<i64>) -> Result<Start, ApiError> {
    let case = match id {
        Some(id) => Some(api::get::<CaseResponse>(&format!("/cases/{id}")).await?),
        None => None,
    };
    let tags = api::get::<TagListResponse>("/tags?kind=case").await?.items;
    let users = PortalUsers::load().await?;
    let fields = load_fields("case").await?;
    let ids = match &case {
        Some(c) => c.contact_ids.clone(),
        None => contact.into_iter().collect(),
    };
    let participants = super::view::participants(ids).await?;
    let draft = match &case {
        Some(c) => Draft {
            title: c.title.clone(),
            participants,
            tags: tags
                .iter()
                .filter(|t| c.tag_ids.contains(&t.id))
                .map(|t| t.name.clone())
                .collect(),
            restricted: c.restricted,
            members: c.member_ids.clone(),
            custom: custom_values::from_contact(&c.custom_fields),
            version: Some(c.version),
        },
        None => Draft {
            participants,
            ..Draft::default()
        },
    };
    Ok(Start {
        case,
        draft,
        known_tags: tags.into_iter().map(|t| t.name).collect(),
        users,
        fields,
    })
}

/// The new-case and edit-case page.
#[component]
pub fn CaseFormPage(props: &CaseFormPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let location = use_location();
    let for_contact: Option<i64> = location.as_ref().and_then(|l| {
        l.query_str()
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("contact=")?.parse().ok())
    });
    let loaded = use_load((props.id, for_contact), |(id, contact)| start(id, contact));
    let draft = use_state(|| None::<Draft>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let created = use_state(|| None::<String>);
    let sent = use_state(Vec::<i64>::new);
    let me = session.me().map(|m| m.user.id);
    {
        let draft = draft.clone();
        use_effect_with(loaded.data.clone(), move |start| {
            if let Some(start) = start {
                draft.set(Some(start.draft.clone()));
            }
        });
    }

    if let Some(e) = loaded.error.clone() {
        return html! { <ProblemBanner error={e} on_reload={loaded.reload.clone()} /> };
    }
    let (Some(start), Some(d)) = (loaded.data.clone(), (*draft).clone()) else {
        return html! { <Loading /> };
    };
    let case = start.case.clone();

    let change = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            if let Some(mut next) = (*draft).clone() {
                apply(&mut next, value);
                draft.set(Some(next));
            }
        })
    };
    let edit = {
        let draft = draft.clone();
        move |apply: Box<dyn Fn(&mut Draft)>| {
            if let Some(mut next) = (*draft).clone() {
                apply(&mut next);
                draft.set(Some(next));
            }
        }
    };
    let on_pick = {
        let edit = edit.clone();
        Callback::from(move |c: ContactResponse| {
            edit(Box::new(move |d: &mut Draft| {
                if !d.participants.iter().any(|(id, _)| *id == c.id) {
                    d.participants.push((c.id, c.display_name.clone()));
                }
            }))
        })
    };
    let on_tags = {
        let edit = edit.clone();
        Callback::from(move |tags: Vec<String>| {
            edit(Box::new(move |d: &mut Draft| d.tags = tags.clone()))
        })
    };
    let on_restricted = {
        let edit = edit.clone();
        Callback::from(move |on: bool| edit(Box::new(move |d: &mut Draft| d.restricted = on)))
    };
    let on_custom = {
        let edit = edit.clone();
        Callback::from(move |values: CustomValues| {
            edit(Box::new(move |d: &mut Draft| d.custom = values.clone()))
        })
    };
    let on_members = {
        let edit = edit.clone();
        Callback::from(move |ids: Vec<i64>| {
            edit(Box::new(move |d: &mut Draft| d.members = ids.clone()))
        })
    };
    let participants = d.participants.iter().map(|(id, name)| {
        let remove = {
            let (edit, id) = (edit.clone(), *id);
            Callback::from(move |_: MouseEvent| {
                edit(Box::new(move |d: &mut Draft| {
                    d.participants.retain(|(p, _)| *p != id)
                }))
            })
        };
        html! {
            <li class="linked" data-testid="case-form-participant">
                <Link<Route> to={Route::Contact { id: *id }}>{ name.clone() }</Link<Route>>
                <button type="button" class="link-button small" onclick={remove}
                    aria-label={format!("{}: {name}", CaseText::RemoveParticipant.tr(lang))}
                    data-testid="case-participant-remove">{ CaseText::RemoveParticipant.tr(lang) }</button>
            </li>
        }
    });
    let save = |again: bool| {
        let (draft, error, busy, created, navigator, case, sent) = (
            draft.clone(),
            error.clone(),
            busy.clone(),
            created.clone(),
            navigator.clone(),
            case.clone(),
            sent.clone(),
        );
        Callback::from(move |()| {
            let Some(d) = (*draft).clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let (draft, error, busy, created, navigator, case) = (
                draft.clone(),
                error.clone(),
                busy.clone(),
                created.clone(),
                navigator.clone(),
                case.clone(),
            );
            let body = d.request(case.as_ref());
            sent.set(
                body.custom_fields
                    .iter()
                    .flatten()
                    .map(|v| v.field_id)
                    .collect(),
            );
            spawn_local(async move {
                let result = match &case {
                    Some(old) => {
                        api::patch::<_, CaseResponse>(&format!("/cases/{}", old.id), &body).await
                    }
                    None => api::post::<_, CaseResponse>("/cases", &body).await,
                };
                busy.set(false);
                match result {
                    Ok(saved) if again && case.is_none() => {
                        error.set(None);
                        created.set(Some(saved.title.clone()));
                        draft.set(Some(Draft {
                            participants: d.participants.clone(),
                            restricted: d.restricted,
                            members: d.members.clone(),
                            ..Draft::default()
                        }));
                    }
                    Ok(saved) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Case { id: saved.id });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let onsubmit = {
        let submit = save(false);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    let save_again = save(true).reform(|_: MouseEvent| ());
    let people: Vec<PickerOption> = start
        .users
        .iter()
        .filter(|u| u.active && Some(u.id) != me)
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let exclude: Vec<i64> = d.participants.iter().map(|(id, _)| *id).collect();
    let err = (*error).clone();
    let cancel_to = match &case {
        Some(old) => Route::Case { id: old.id },
        None => Route::Cases,
    };

    html! {
        <section class="card">
            <h2>{ if case.is_some() { CaseText::EditCase.tr(lang) } else { CaseText::NewCase.tr(lang) } }</h2>
            if let Some(title) = (*created).clone() {
                <Notice text={fill(CaseText::Created.tr(lang), &[("title", &title)])} />
            }
            <form class="case-form" {onsubmit} novalidate=true data-testid="case-form">
                if let Some(error) = err.clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={CaseText::CaseTitle} name="title" value={d.title.clone()}
                    oninput={change(|d, v| d.title = v)} error={err.clone()} testid="case-title"
                    required=true maxlength="200" />
                <div class="field">
                    <label>{ CaseText::Participants.tr(lang) }</label>
                    <ul class="plain-list">{ for participants }</ul>
                    <ContactPicker placeholder={CaseText::FindParticipant} onpick={on_pick}
                        {exclude} testid="case-participant-search" />
                    <FieldErrors error={err.clone()} field="contact_ids" />
                </div>
                <TagInput label={CaseText::Tags} name="tags" tags={d.tags.clone()} error={err.clone()}
                    suggestions={start.known_tags.clone()} onchange={on_tags} testid="case-tags" />
                <CheckField label={CaseText::Restricted} name="restricted" checked={d.restricted}
                    onchange={on_restricted} hint={CaseText::RestrictedHint} error={err.clone()} />
                if !start.fields.is_empty() {
                    <CustomFieldInputs fields={start.fields.clone()} values={d.custom.clone()}
                        error={err.clone()} sent={(*sent).clone()} onchange={on_custom} />
                }
                if d.restricted {
                    <IdPicker label={CaseText::Members} name="member_ids" options={people}
                        selected={d.members.clone()} onchange={on_members} error={err.clone()} />
                }
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="case-save"
                        disabled={*busy || d.title.trim().is_empty()}>
                        { if *busy { Text::Saving.tr(lang) } else { Text::Save.tr(lang) } }
                    </button>
                    if case.is_none() {
                        <button type="button" class="button" data-testid="case-save-new" onclick={save_again}
                            disabled={*busy || d.title.trim().is_empty()}>
                            { CaseText::SaveAndNew.tr(lang) }
                        </button>
                    }
                    <Link<Route> to={cancel_to} classes="button">{ Text::Cancel.tr(lang) }</Link<Route>>
                </div>
            </form>
        </section>
    }
}
