//! The project form: a new project (filled from a deal with `?deal=`: its title, description,
//! responsible user as manager, its members as the team and its contacts), or changes to one.
//! "Save and create another" keeps the deal, manager, team and access for the next.

use crm_api_types::{
    ContactResponse, DealResponse, ProjectRequest, ProjectResponse, ProjectStatus,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::status_text;
use crate::app::Route;
use crate::components::{
    CheckField, ContactPicker, FieldErrors, IdPicker, Loading, Notice, PickerOption, ProblemBanner,
    SelectField, SelectOption, TextAreaField, TextField,
};
use crate::hooks::{use_load, use_session, PortalUsers};
use crate::i18n::{fill, ProjectText, Text};
use crate::pages::cases::participants;
use crate::services::{api, ApiError};

/// Properties of [`ProjectFormPage`].
#[derive(Properties, PartialEq)]
pub struct ProjectFormPageProps {
    /// The project to change; `None` for a new one.
    pub id: Option<i64>,
}

/// What the form holds, as typed.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    title: String,
    description: String,
    status: String,
    deadline: String,
    manager: String,
    members: Vec<i64>,
    contacts: Vec<(i64, String)>,
    deal: Option<(i64, String)>,
    restricted: bool,
    version: Option<i64>,
}

impl Draft {
    fn request(&self) -> ProjectRequest {
        ProjectRequest {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            status: ProjectStatus::ALL
                .iter()
                .copied()
                .find(|s| s.as_str() == self.status),
            deadline: Some(self.deadline.clone()),
            deal_id: Some(self.deal.as_ref().map_or(0, |(id, _)| *id)),
            manager_id: self.manager.parse().ok(),
            member_ids: Some(self.members.clone()),
            contact_ids: Some(self.contacts.iter().map(|(id, _)| *id).collect()),
            restricted: Some(self.restricted),
            version: self.version,
        }
    }
}

/// What the form starts from: the project (when changing one) and the portal's users.
#[derive(Clone, PartialEq)]
struct Start {
    project: Option<ProjectResponse>,
    draft: Draft,
    users: PortalUsers,
}

async fn start(id: Option<i64>, deal: Option<i64>, me: Option<i64>) -> Result<Start, ApiError> {
    let users = PortalUsers::load().await?;
    let (project, draft) = match id {
        Some(id) => {
            let p = api::get::<ProjectResponse>(&format!("/projects/{id}")).await?;
            let draft = Draft {
                title: p.title.clone(),
                description: p.description.clone(),
                status: p.status.as_str().to_owned(),
                deadline: p.deadline.map(|d| d.to_string()).unwrap_or_default(),
                manager: p.manager_id.to_string(),
                members: p.member_ids.clone(),
                contacts: participants(p.contact_ids.clone()).await?,
                deal: super::view::deal_title(p.deal_id).await?,
                restricted: p.restricted,
                version: Some(p.version),
            };
            (Some(p), draft)
        }
        None => {
            let mut draft = Draft {
                status: ProjectStatus::Open.as_str().to_owned(),
                manager: me.map(|m| m.to_string()).unwrap_or_default(),
                ..Draft::default()
            };
            if let Some(deal) = deal {
                let d = api::get::<DealResponse>(&format!("/deals/{deal}")).await?;
                let mut ids: Vec<i64> = d.contact_id.into_iter().collect();
                ids.extend(d.contact_ids.iter().filter(|c| Some(**c) != d.contact_id));
                draft.title = d.title.clone();
                draft.description = d.description.clone();
                draft.manager = d.responsible_id.to_string();
                draft.members = d.member_ids.clone();
                draft.restricted = d.restricted;
                draft.contacts = participants(ids).await?;
                draft.deal = Some((d.id, d.title));
            }
            (None, draft)
        }
    };
    Ok(Start {
        project,
        draft,
        users,
    })
}

/// The new-project and edit-project page.
#[component]
pub fn ProjectFormPage(props: &ProjectFormPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let location = use_location();
    let for_deal: Option<i64> = location.as_ref().and_then(|l| {
        l.query_str()
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("deal=")?.parse().ok())
    });
    let me = session.me().map(|m| m.user.id);
    let loaded = use_load((props.id, for_deal, me), |(id, deal, me)| {
        start(id, deal, me)
    });
    let draft = use_state(|| None::<Draft>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let created = use_state(|| None::<String>);
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
    let project = start.project.clone();

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
                if !d.contacts.iter().any(|(id, _)| *id == c.id) {
                    d.contacts.push((c.id, c.display_name.clone()));
                }
            }))
        })
    };
    let on_restricted = {
        let edit = edit.clone();
        Callback::from(move |on: bool| edit(Box::new(move |d: &mut Draft| d.restricted = on)))
    };
    let on_members = {
        let edit = edit.clone();
        Callback::from(move |ids: Vec<i64>| {
            edit(Box::new(move |d: &mut Draft| d.members = ids.clone()))
        })
    };
    let unlink = {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit(Box::new(|d: &mut Draft| d.deal = None)))
    };
    let contacts = d.contacts.iter().map(|(id, name)| {
        let remove = {
            let (edit, id) = (edit.clone(), *id);
            Callback::from(move |_: MouseEvent| {
                edit(Box::new(move |d: &mut Draft| {
                    d.contacts.retain(|(c, _)| *c != id)
                }))
            })
        };
        html! {
            <li class="linked" data-testid="project-form-contact">
                <Link<Route> to={Route::Contact { id: *id }}>{ name.clone() }</Link<Route>>
                <button type="button" class="link-button small" onclick={remove}
                    aria-label={format!("{}: {name}", ProjectText::RemoveContact.tr(lang))}>
                    { ProjectText::RemoveContact.tr(lang) }
                </button>
            </li>
        }
    });
    let save = |again: bool| {
        let (draft, error, busy, created, navigator, project) = (
            draft.clone(),
            error.clone(),
            busy.clone(),
            created.clone(),
            navigator.clone(),
            project.clone(),
        );
        Callback::from(move |()| {
            let Some(d) = (*draft).clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let (draft, error, busy, created, navigator, project) = (
                draft.clone(),
                error.clone(),
                busy.clone(),
                created.clone(),
                navigator.clone(),
                project.clone(),
            );
            let body = d.request();
            spawn_local(async move {
                let result = match &project {
                    Some(old) => {
                        api::patch::<_, ProjectResponse>(&format!("/projects/{}", old.id), &body)
                            .await
                    }
                    None => api::post::<_, ProjectResponse>("/projects", &body).await,
                };
                busy.set(false);
                match result {
                    Ok(saved) if again && project.is_none() => {
                        error.set(None);
                        created.set(Some(saved.title.clone()));
                        draft.set(Some(Draft {
                            status: d.status.clone(),
                            manager: d.manager.clone(),
                            members: d.members.clone(),
                            deal: d.deal.clone(),
                            restricted: d.restricted,
                            ..Draft::default()
                        }));
                    }
                    Ok(saved) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Project { id: saved.id });
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
    let statuses: Vec<SelectOption> = ProjectStatus::ALL
        .iter()
        .map(|s| SelectOption::new(s.as_str(), status_text(*s).tr(lang)))
        .collect();
    let managers: Vec<SelectOption> = start
        .users
        .iter()
        .filter(|u| u.active || u.id.to_string() == d.manager)
        .map(|u| SelectOption::new(u.id.to_string(), u.name.clone()))
        .collect();
    let people: Vec<PickerOption> = start
        .users
        .iter()
        .filter(|u| u.active && u.id.to_string() != d.manager)
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let exclude: Vec<i64> = d.contacts.iter().map(|(id, _)| *id).collect();
    let err = (*error).clone();
    let cancel_to = match (&project, &d.deal) {
        (Some(old), _) => Route::Project { id: old.id },
        (None, Some((deal, _))) => Route::DealProjects { id: *deal },
        (None, None) => Route::Projects,
    };

    html! {
        <section class="card">
            <h2>{ if project.is_some() { ProjectText::EditProject.tr(lang) } else { ProjectText::NewProject.tr(lang) } }</h2>
            if let Some(title) = (*created).clone() {
                <Notice text={fill(ProjectText::Created.tr(lang), &[("title", &title)])} />
            }
            <form class="project-form" {onsubmit} novalidate=true data-testid="project-form">
                if let Some(error) = err.clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={ProjectText::ProjectTitle} name="title" value={d.title.clone()}
                    oninput={change(|d, v| d.title = v)} error={err.clone()} testid="project-title"
                    required=true maxlength="200" />
                if let Some((id, title)) = d.deal.clone() {
                    <div class="field" data-testid="project-form-deal">
                        <label>{ ProjectText::Deal.tr(lang) }</label>
                        <p class="linked">
                            <Link<Route> to={Route::Deal { id }}>{ title }</Link<Route>>
                            <button type="button" class="link-button small" onclick={unlink}>{ ProjectText::Unlink.tr(lang) }</button>
                        </p>
                        <FieldErrors error={err.clone()} field="deal_id" />
                    </div>
                }
                <SelectField label={ProjectText::Status} name="status" options={statuses}
                    value={d.status.clone()} onchange={change(|d, v| d.status = v)}
                    error={err.clone()} testid="project-status" />
                <TextField label={ProjectText::Deadline} name="deadline" value={d.deadline.clone()}
                    oninput={change(|d, v| d.deadline = v)} error={err.clone()} testid="project-deadline"
                    input_type="date" />
                <SelectField label={ProjectText::Manager} name="manager_id" options={managers}
                    value={d.manager.clone()} onchange={change(|d, v| d.manager = v)}
                    error={err.clone()} testid="project-manager" hint={ProjectText::TeamHint} />
                <IdPicker label={ProjectText::Team} name="member_ids" options={people}
                    selected={d.members.clone()} onchange={on_members} error={err.clone()} />
                <div class="field">
                    <label>{ ProjectText::Contacts.tr(lang) }</label>
                    <ul class="plain-list">{ for contacts }</ul>
                    <ContactPicker placeholder={ProjectText::FindContact} onpick={on_pick}
                        {exclude} testid="project-contact-search" />
                    <FieldErrors error={err.clone()} field="contact_ids" />
                </div>
                <TextAreaField label={ProjectText::Description} name="description" value={d.description.clone()}
                    oninput={change(|d, v| d.description = v)} error={err.clone()} testid="project-description" />
                <CheckField label={ProjectText::Restricted} name="restricted" checked={d.restricted}
                    onchange={on_restricted} hint={ProjectText::RestrictedHint} error={err.clone()} />
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="project-save"
                        disabled={*busy || d.title.trim().is_empty()}>
                        { if *busy { Text::Saving.tr(lang) } else { Text::Save.tr(lang) } }
                    </button>
                    if project.is_none() {
                        <button type="button" class="button" data-testid="project-save-new" onclick={save_again}
                            disabled={*busy || d.title.trim().is_empty()}>
                            { ProjectText::SaveAndNew.tr(lang) }
                        </button>
                    }
                    <Link<Route> to={cancel_to} classes="button">{ Text::Cancel.tr(lang) }</Link<Route>>
                </div>
            </form>
        </section>
    }
}
