//! Bulk actions on the selected contacts: add or remove tags, set access or managers, delete,
//! or give each a task.

use std::rc::Rc;

use crm_api_types::{
    ContactBulkMatchingRequest, ContactBulkRequest, ContactBulkResponse, ContactQueryParams,
    JobResponse,
};
use yew::prelude::*;

use crate::components::{
    send_bulk, IdPicker, JobProgress, PickerOption, ProblemBanner, SelectField, SelectOption,
    TagInput,
};
use crate::hooks::{field_setter, use_session, ContactChoices};
use crate::i18n::{access_text, fill, ContactText, Text, ACCESS_LEVELS};
use crate::pages::tasks::BulkTaskPanel;
use crate::services::{browser, format, ApiError};

/// The action that gives each selected contact a task (a background job, not `/contacts/bulk`).
const CREATE_TASK: &str = "create_task";

/// The bulk actions, with their names.
const ACTIONS: [(&str, ContactText); 5] = [
    ("add_tags", ContactText::BulkAddTags),
    ("remove_tags", ContactText::BulkRemoveTags),
    ("set_access", ContactText::BulkSetAccess),
    ("set_managers", ContactText::BulkSetManagers),
    ("delete", ContactText::BulkDelete),
];

/// The arguments of the chosen action.
#[derive(Clone, PartialEq)]
struct BulkDraft {
    action: String,
    tags: Vec<String>,
    access: String,
    manager_ids: Vec<i64>,
}

impl BulkDraft {
    /// The request for `ids`, or what is missing.
    fn request(&self, ids: Vec<i64>) -> Result<ContactBulkRequest, ContactText> {
        let mut request = ContactBulkRequest {
            ids,
            action: self.action.clone(),
            ..Default::default()
        };
        match self.action.as_str() {
            "add_tags" | "remove_tags" if self.tags.is_empty() => {
                return Err(ContactText::BulkNeedsTags)
            }
            "add_tags" | "remove_tags" => request.tags = Some(self.tags.clone()),
            "set_access" => request.access = Some(self.access.clone()),
            "set_managers" if self.manager_ids.is_empty() => {
                return Err(ContactText::BulkNeedsManagers)
            }
            "set_managers" => request.manager_ids = Some(self.manager_ids.clone()),
            _ => {}
        }
        Ok(request)
    }
}

/// Properties of [`BulkBar`].
#[derive(Properties, PartialEq)]
pub struct BulkBarProps {
    /// Ids of the selected contacts.
    pub selected: Vec<i64>,
    /// Users and tags to choose from.
    pub choices: Rc<ContactChoices>,
    /// Called with the server's answer after the action ran.
    pub on_done: Callback<ContactBulkResponse>,
    /// Clears the selection.
    pub on_clear: Callback<()>,
    /// The list's filters, for an action on every contact they match.
    pub filter: ContactQueryParams,
    /// Every contact matching is selected (`Some(total)`), not only the rows shown.
    #[prop_or_default]
    pub matching: Option<i64>,
    /// Offer to select every contact matching (`Some(total)`): all rows shown are selected
    /// and more match.
    #[prop_or_default]
    pub offer_matching: Option<i64>,
    /// Selects every contact matching (`true`) or only the rows shown again.
    #[prop_or_default]
    pub on_matching: Callback<bool>,
    /// Called when the job of an action on every matching contact ended: how many were
    /// changed, and (id, code) of those skipped.
    #[prop_or_default]
    pub on_job_done: Callback<(usize, Vec<(i64, String)>)>,
}

/// What a `bulk_contacts` job did: the number changed and the skipped (id, code).
fn job_outcome(job: &JobResponse) -> (usize, Vec<(i64, String)>) {
    let result = job.result.clone().unwrap_or_default();
    let done = result["done"]
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let failed = result["failed"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|f| Some((f["id"].as_i64()?, f["code"].as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    (done, failed)
}

/// The bar above the list while contacts are selected.
#[component]
pub fn BulkBar(props: &BulkBarProps) -> Html {
    let session = use_session();
    let draft = use_state(|| BulkDraft {
        action: ACTIONS[0].0.to_owned(),
        tags: Vec::new(),
        access: "shared_read".to_owned(),
        manager_ids: Vec::new(),
    });
    let missing = use_state(|| None::<ContactText>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let job = use_state(|| None::<i64>);

    let set = |apply: fn(&mut BulkDraft, String)| field_setter(&draft, apply);
    let on_tags = {
        let draft = draft.clone();
        Callback::from(move |tags| {
            draft.set(BulkDraft {
                tags,
                ..(*draft).clone()
            })
        })
    };
    let on_managers = {
        let draft = draft.clone();
        Callback::from(move |manager_ids| {
            draft.set(BulkDraft {
                manager_ids,
                ..(*draft).clone()
            })
        })
    };
    let on_job = {
        let job = job.clone();
        Callback::from(move |started: JobResponse| job.set(Some(started.id)))
    };
    let on_finished = {
        let (job, on_job_done) = (job.clone(), props.on_job_done.clone());
        Callback::from(move |ended: JobResponse| {
            job.set(None);
            on_job_done.emit(job_outcome(&ended));
        })
    };
    let apply = {
        let (draft, missing, error, busy) =
            (draft.clone(), missing.clone(), error.clone(), busy.clone());
        let (ids, on_done, lang) = (
            props.selected.clone(),
            props.on_done.clone(),
            session.lang(),
        );
        let (matching, filter, on_job) = (props.matching, props.filter.clone(), on_job.clone());
        Callback::from(move |_: MouseEvent| {
            let request = match draft.request(ids.clone()) {
                Ok(request) => request,
                Err(text) => return missing.set(Some(text)),
            };
            missing.set(None);
            if request.action == "delete" {
                let n = matching.unwrap_or(i64::try_from(ids.len()).unwrap_or(i64::MAX));
                let question = fill(
                    ContactText::ConfirmBulkDelete.tr(lang),
                    &[("n", &format::count(n, lang))],
                );
                if !browser::confirm(&question) {
                    return;
                }
            }
            if matching.is_some() {
                let request = ContactBulkMatchingRequest {
                    filter: filter.clone(),
                    action: request.action,
                    tags: request.tags,
                    access: request.access,
                    manager_ids: request.manager_ids,
                };
                send_bulk::<_, JobResponse>(
                    "/contacts/bulk-matching",
                    request,
                    &busy,
                    &error,
                    &on_job,
                );
            } else {
                send_bulk::<_, ContactBulkResponse>(
                    "/contacts/bulk",
                    request,
                    &busy,
                    &error,
                    &on_done,
                );
            }
        })
    };
    let clear = props.on_clear.reform(|_: MouseEvent| ());
    let mut action_options: Vec<SelectOption> = ACTIONS
        .iter()
        .map(|(code, text)| SelectOption::new(*code, session.t(*text)))
        .collect();
    // Tasks for each contact are made for the rows chosen, not for a whole filtered set.
    let with_tasks = session.has_section("tasks") && props.matching.is_none();
    if with_tasks {
        action_options.push(SelectOption::new(
            CREATE_TASK,
            session.t(ContactText::BulkCreateTask),
        ));
    }
    let creating_tasks = with_tasks && draft.action == CREATE_TASK;
    let access_options: Vec<SelectOption> = ACCESS_LEVELS
        .iter()
        .map(|a| SelectOption::new(*a, access_text(a).map_or(*a, |t| session.t(t))))
        .collect();
    let users: Vec<PickerOption> = props
        .choices
        .users
        .iter()
        .filter(|u| u.active)
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let suggestions: Vec<String> = props.choices.tags.iter().map(|t| t.name.clone()).collect();
    let lang = session.lang();
    let count = match props.matching {
        Some(total) => fill(
            ContactText::AllMatchingSelected.tr(lang),
            &[("n", &format::count(total, lang))],
        ),
        None => fill(
            Text::SelectedCount.tr(lang),
            &[("n", &props.selected.len().to_string())],
        ),
    };
    let widen = match (props.matching, props.offer_matching) {
        (Some(_), _) => html! {
            <button type="button" class="link-button" data-testid="bulk-select-shown"
                onclick={props.on_matching.reform(|_: MouseEvent| false)}>
                { fill(ContactText::OnlyShown.tr(lang), &[("n", &props.selected.len().to_string())]) }
            </button>
        },
        (None, Some(total)) => html! {
            <button type="button" class="link-button" data-testid="bulk-select-matching"
                onclick={props.on_matching.reform(|_: MouseEvent| true)}>
                { fill(ContactText::SelectAllMatching.tr(lang), &[("n", &format::count(total, lang))]) }
            </button>
        },
        (None, None) => html! {},
    };

    html! {
        <section class="card bulk-bar" data-testid="bulk-bar">
            <p><strong data-testid="bulk-count">{ count }</strong>{ " " }{ widen }</p>
            if let Some(id) = *job {
                <JobProgress job_id={id} on_finished={Some(on_finished.clone())} />
            }
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            <SelectField label={ContactText::BulkAction} name="bulk_action" options={action_options}
                value={draft.action.clone()} onchange={set(|d, v| d.action = v)} testid="bulk-action" />
            if draft.action.ends_with("_tags") {
                <TagInput label={ContactText::Tags} name="bulk_tags" tags={draft.tags.clone()}
                    {suggestions} onchange={on_tags} testid="bulk-tags" />
            }
            if draft.action == "set_access" {
                <SelectField label={ContactText::Access} name="bulk_access" options={access_options}
                    value={draft.access.clone()} onchange={set(|d, v| d.access = v)} testid="bulk-access" />
            }
            if draft.action == "set_managers" {
                <IdPicker label={ContactText::Managers} name="bulk_managers" options={users}
                    selected={draft.manager_ids.clone()} onchange={on_managers} />
            }
            if let Some(text) = *missing {
                <p class="field-error" role="alert">{ session.t(text) }</p>
            }
            if creating_tasks {
                <BulkTaskPanel contact_ids={props.selected.clone()} users={props.choices.users.clone()} />
            }
            <div class="form-actions">
                if !creating_tasks {
                    <button type="button" class={classes!("button", if draft.action == "delete" { "danger" } else { "primary" })}
                        data-testid="bulk-apply" disabled={*busy || job.is_some()} onclick={apply}>
                        { session.t(ContactText::Apply) }
                    </button>
                }
                <button type="button" class="link-button" onclick={clear}>{ session.t(ContactText::ClearSelection) }</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(action: &str) -> BulkDraft {
        BulkDraft {
            action: action.into(),
            tags: Vec::new(),
            access: "shared_write".into(),
            manager_ids: Vec::new(),
        }
    }

    #[test]
    fn tag_actions_need_a_tag() {
        assert_eq!(
            draft("add_tags").request(vec![1]),
            Err(ContactText::BulkNeedsTags)
        );
        let mut with_tag = draft("remove_tags");
        with_tag.tags = vec!["VIP".into()];
        let request = with_tag.request(vec![1, 2]).unwrap_or_default();
        assert_eq!(request.tags, Some(vec!["VIP".to_owned()]));
        assert_eq!(request.access, None);
    }

    #[test]
    fn only_the_chosen_action_sends_its_argument() {
        let request = draft("set_access").request(vec![3]).unwrap_or_default();
        assert_eq!(request.access.as_deref(), Some("shared_write"));
        assert!(request.tags.is_none() && request.manager_ids.is_none());
        assert_eq!(
            draft("delete").request(vec![3]).map(|r| r.action),
            Ok("delete".to_owned())
        );
    }
}
