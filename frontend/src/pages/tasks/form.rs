//! The task form: a new task (maybe about a contact, a deal, a case or a project), changes to
//! one, or one task for each of many contacts (a background job).

use std::rc::Rc;

use crm_api_types::{
    BulkCreateTasksRequest, ContactResponse, JobResponse, RecordKind, TaskResponse,
};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::draft::{About, TaskDraft, DEFAULT_TIME};
use crate::app::Route;
use crate::components::{
    CheckField, ContactPicker, FieldErrors, ProblemBanner, SelectField, SelectOption,
    TextAreaField, TextField,
};
use crate::hooks::{field_setter, use_session, TaskChoices};
use crate::i18n::{
    icon_symbol, reminder_code, reminder_from_code, CaseText, ContactText, DealText, InvoiceText,
    Label, ProjectText, TaskText, Text, REMINDERS,
};
use crate::services::{api, clock, ApiError};

/// What the form creates or changes.
#[derive(Clone, PartialEq)]
pub enum TaskTarget {
    /// A new task, about the record when given.
    New(Option<About>),
    /// Changes to a task.
    Edit(Box<TaskResponse>),
    /// One new task for each of these contacts.
    Bulk(Vec<i64>),
}

/// What a save produced.
#[derive(Clone, PartialEq)]
pub enum TaskSaved {
    /// The created or changed task.
    Task(TaskResponse),
    /// The job creating the tasks of many contacts.
    Job(JobResponse),
}

/// Quick deadlines: days from today, label and test id.
const QUICK_DAYS: [(u64, TaskText, &str); 3] = [
    (0, TaskText::Today, "task-quick-today"),
    (3, TaskText::InThreeDays, "task-quick-3days"),
    (7, TaskText::InAWeek, "task-quick-week"),
];

/// Properties of [`TaskForm`].
#[derive(Properties, PartialEq)]
pub struct TaskFormProps {
    /// What to create or change.
    pub target: TaskTarget,
    /// Categories and users to choose from.
    pub choices: Rc<TaskChoices>,
    /// Called with what the save produced.
    pub on_saved: Callback<TaskSaved>,
    /// Leaves the form.
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
    /// Reloads the task (offered when someone else changed it meanwhile).
    #[prop_or_default]
    pub on_reload: Option<Callback<()>>,
}

/// The form's starting point for `target`.
fn initial(target: &TaskTarget, me: Option<i64>, choices: &TaskChoices) -> TaskDraft {
    let category = choices.categories.first().map(|c| c.id);
    match target {
        TaskTarget::New(about) => TaskDraft::new(me, category, about.clone()),
        TaskTarget::Edit(task) => TaskDraft::from_task(task),
        TaskTarget::Bulk(_) => TaskDraft::new(me, category, None),
    }
}

/// Sends the form; the bulk request goes without a contact.
async fn save(target: TaskTarget, draft: TaskDraft) -> Result<TaskSaved, ApiError> {
    match target {
        TaskTarget::New(_) => api::post("/tasks", &draft.to_create())
            .await
            .map(TaskSaved::Task),
        TaskTarget::Edit(old) => {
            let change = draft.changes_to(&TaskDraft::from_task(&old), &old);
            api::patch(&format!("/tasks/{}", old.id), &change)
                .await
                .map(TaskSaved::Task)
        }
        TaskTarget::Bulk(contact_ids) => {
            let mut task = draft.to_create();
            task.contact_id = None;
            let request = BulkCreateTasksRequest { contact_ids, task };
            api::post("/tasks/bulk", &request).await.map(TaskSaved::Job)
        }
    }
}

/// The task form.
#[component]
pub fn TaskForm(props: &TaskFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let me = session.me().map(|me| me.user.id);
    let zone = session
        .me()
        .map(|me| me.user.time_zone.clone())
        .unwrap_or_default();
    let draft = use_state(|| initial(&props.target, me, &props.choices));
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    {
        // A reloaded task shows its new state.
        let (draft, error, target, choices) = (
            draft.clone(),
            error.clone(),
            props.target.clone(),
            Rc::clone(&props.choices),
        );
        let edited = match &props.target {
            TaskTarget::Edit(task) => Some((task.id, task.version)),
            _ => None,
        };
        use_effect_with(edited, move |edited| {
            if edited.is_some() {
                draft.set(initial(&target, me, &choices));
                error.set(None);
            }
        });
    }
    // Bulk errors name the fields of the task as `task.<field>`.
    let bulk = matches!(props.target, TaskTarget::Bulk(_));
    let field = |name: &str| {
        if bulk {
            format!("task.{name}")
        } else {
            name.to_owned()
        }
    };
    let set = |apply: fn(&mut TaskDraft, String)| field_setter(&draft, apply);
    let input = |apply: fn(&mut TaskDraft, String)| {
        set(apply).reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value())
    };
    let on_notify = {
        let draft = draft.clone();
        Callback::from(move |notify| {
            draft.set(TaskDraft {
                notify,
                ..(*draft).clone()
            })
        })
    };
    let on_contact = {
        let draft = draft.clone();
        Callback::from(move |contact: ContactResponse| {
            draft.set(TaskDraft {
                about: Some(About::contact(contact.id, contact.display_name)),
                ..(*draft).clone()
            })
        })
    };
    let unlink = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(TaskDraft {
                about: None,
                ..(*draft).clone()
            })
        })
    };
    let today = clock::today_in(&zone);
    let quick = QUICK_DAYS.iter().map(|(days, label, testid)| {
        let day = clock::days_after(today, *days).to_string();
        let pressed = draft.date == day;
        let onclick = {
            let draft = draft.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*draft).clone();
                next.date = day.clone();
                if next.time.trim().is_empty() {
                    next.time = DEFAULT_TIME.to_owned();
                }
                draft.set(next);
            })
        };
        html! {
            <button type="button" class={classes!("button", "small", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()} data-testid={*testid} {onclick}>
                { label.tr(lang) }
            </button>
        }
    });
    let onsubmit = {
        let (draft, error, busy) = (draft.clone(), error.clone(), busy.clone());
        let (target, on_saved, choices) = (
            props.target.clone(),
            props.on_saved.clone(),
            Rc::clone(&props.choices),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let (draft, error, busy, target, on_saved, choices) = (
                draft.clone(),
                error.clone(),
                busy.clone(),
                target.clone(),
                on_saved.clone(),
                Rc::clone(&choices),
            );
            spawn_local(async move {
                let result = save(target.clone(), (*draft).clone()).await;
                busy.set(false);
                match result {
                    Ok(saved) => {
                        error.set(None);
                        if !matches!(target, TaskTarget::Edit(_)) {
                            draft.set(initial(&target, me, &choices));
                        }
                        on_saved.emit(saved);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let categories: Vec<SelectOption> = props
        .choices
        .categories
        .iter()
        .map(|c| {
            let label = match c.icon.as_deref().and_then(icon_symbol) {
                Some(symbol) => format!("{symbol} {}", c.title),
                None => c.title.clone(),
            };
            SelectOption::new(c.id.to_string(), label)
        })
        .collect();
    let users: Vec<SelectOption> = props
        .choices
        .users
        .iter()
        .filter(|u| u.active || u.id.to_string() == draft.responsible)
        .map(|u| SelectOption::new(u.id.to_string(), u.name.clone()))
        .collect();
    let reminders: Vec<SelectOption> = REMINDERS
        .iter()
        .map(|(_, code, text)| SelectOption::new(*code, text.tr(lang)))
        .collect();
    let err = (*error).clone();
    let cancel = props
        .on_cancel
        .as_ref()
        .map(|cancel| cancel.reform(|_: MouseEvent| ()));
    let save_label = match (&props.target, *busy) {
        (_, true) => Text::Saving.tr(lang),
        (TaskTarget::Edit(_), false) => Text::Save.tr(lang),
        (TaskTarget::Bulk(_), false) => TaskText::CreateTasks.tr(lang),
        (TaskTarget::New(_), false) => TaskText::NewTask.tr(lang),
    };
    let incomplete = draft.title.trim().is_empty() || draft.date.trim().is_empty();

    html! {
        <form class="task-form" {onsubmit} novalidate=true data-testid="task-form">
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={props.on_reload.clone()} />
            }
            if bulk {
                <FieldErrors error={err.clone()} field="contact_ids" />
            }
            <TextField label={TaskText::TaskTitle} name={field("title")} value={draft.title.clone()}
                oninput={set(|d, v| d.title = v)} error={err.clone()} testid="task-title"
                required=true maxlength="250" />
            <TextAreaField label={TaskText::Description} name={field("description")}
                value={draft.description.clone()} oninput={set(|d, v| d.description = v)}
                error={err.clone()} testid="task-description" />
            <div class="field-row">
                <SelectField label={TaskText::Category} name={field("category_id")} options={categories}
                    value={draft.category.clone()} onchange={set(|d, v| d.category = v)}
                    error={err.clone()} testid="task-category" />
                <SelectField label={TaskText::Responsible} name={field("responsible_id")} options={users}
                    value={draft.responsible.clone()} onchange={set(|d, v| d.responsible = v)}
                    error={err.clone()} testid="task-responsible" />
            </div>
            <CheckField label={TaskText::Notify} name={field("notify_responsible")} checked={draft.notify}
                onchange={on_notify} hint={TaskText::NotifyHint} error={err.clone()} />
            if !bulk {
                <div class="field">
                    <label>{ session.t(about_label(draft.about.as_ref().map(|a| a.kind))) }</label>
                    if let Some(about) = draft.about.clone() {
                        <p class="linked" data-testid="task-contact">
                            <Link<Route> to={about_route(&about)}>
                                { about.name.clone().unwrap_or_else(|| format!("#{}", about.id)) }
                            </Link<Route>>
                            <button type="button" class="link-button small" onclick={unlink}
                                data-testid="task-contact-unlink">{ ContactText::Unlink.tr(lang) }</button>
                        </p>
                    } else {
                        <ContactPicker placeholder={ContactText::FindContact} onpick={on_contact}
                            testid="task-contact-search" />
                    }
                    <FieldErrors error={err.clone()} field={field("contact_id")} />
                    <FieldErrors error={err.clone()} field={field("deal_id")} />
                    <FieldErrors error={err.clone()} field={field("case_id")} />
                    <FieldErrors error={err.clone()} field={field("project_id")} />
                </div>
            }
            <fieldset class="deadline-field">
                <legend>{ TaskText::Deadline.tr(lang) }</legend>
                <div class="quick-dates">{ for quick }</div>
                <div class="field-row">
                    <div class="field">
                        <label for="f-task-date">{ TaskText::DeadlineDate.tr(lang) }</label>
                        <input id="f-task-date" type="date" value={draft.date.clone()} required=true
                            oninput={input(|d, v| d.date = v)} data-testid="task-date" />
                    </div>
                    <div class="field">
                        <label for="f-task-time">{ TaskText::DeadlineTime.tr(lang) }</label>
                        <input id="f-task-time" type="time" value={draft.time.clone()}
                            oninput={input(|d, v| d.time = v)} data-testid="task-time" />
                    </div>
                    <SelectField label={TaskText::Reminder} name={field("reminder")} options={reminders}
                        value={reminder_code(draft.reminder)} error={err.clone()} testid="task-reminder"
                        onchange={set(|d, v| d.reminder = reminder_from_code(&v))} />
                </div>
                <FieldErrors error={err} field={field("deadline")} />
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button primary" data-testid="task-save"
                    disabled={*busy || incomplete}>{ save_label }</button>
                if let Some(onclick) = cancel {
                    <button type="button" class="button" data-testid="task-cancel" {onclick}>
                        { Text::Cancel.tr(lang) }
                    </button>
                }
            </div>
        </form>
    }
}

/// What the field of the record a task is about is called (a contact when none).
pub fn about_label(kind: Option<RecordKind>) -> Label {
    match kind {
        None | Some(RecordKind::Contact) => TaskText::Contact.into(),
        Some(RecordKind::Deal) => DealText::TitleDeal.into(),
        Some(RecordKind::Case) => CaseText::TitleCase.into(),
        Some(RecordKind::Project) => ProjectText::TitleProject.into(),
        Some(RecordKind::Invoice) => InvoiceText::TitleInvoice.into(),
    }
}

/// The page of the record a task is about.
pub fn about_route(about: &About) -> Route {
    let id = about.id;
    match about.kind {
        RecordKind::Contact => Route::Contact { id },
        RecordKind::Deal => Route::Deal { id },
        RecordKind::Case => Route::Case { id },
        RecordKind::Project => Route::Project { id },
        RecordKind::Invoice => Route::Invoice { id },
    }
}
