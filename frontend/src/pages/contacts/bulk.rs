//! Bulk actions on the selected contacts: add or remove tags, set access or managers, delete,
//! or give each a task.

use std::rc::Rc;

use crm_api_types::{ContactBulkRequest, ContactBulkResponse};
use yew::prelude::*;

use crate::components::{
    send_bulk, IdPicker, PickerOption, ProblemBanner, SelectField, SelectOption, TagInput,
};
use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{access_text, fill, ContactText, Text, ACCESS_LEVELS};
use crate::pages::tasks::BulkTaskPanel;
use crate::services::{browser, ApiError};

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

    let set = |apply: fn(&mut BulkDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
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
    let apply = {
        let (draft, missing, error, busy) =
            (draft.clone(), missing.clone(), error.clone(), busy.clone());
        let (ids, on_done, lang) = (
            props.selected.clone(),
            props.on_done.clone(),
            session.lang(),
        );
        Callback::from(move |_: MouseEvent| {
            let request = match draft.request(ids.clone()) {
                Ok(request) => request,
                Err(text) => return missing.set(Some(text)),
            };
            missing.set(None);
            if request.action == "delete" {
                let question = fill(
                    ContactText::ConfirmBulkDelete.tr(lang),
                    &[("n", &ids.len().to_string())],
                );
                if !browser::confirm(&question) {
                    return;
                }
            }
            send_bulk::<_, ContactBulkResponse>("/contacts/bulk", request, &busy, &error, &on_done);
        })
    };
    let clear = props.on_clear.reform(|_: MouseEvent| ());
    let mut action_options: Vec<SelectOption> = ACTIONS
        .iter()
        .map(|(code, text)| SelectOption::new(*code, session.t(*text)))
        .collect();
    let with_tasks = session.has_section("tasks");
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
    let count = fill(
        session.t(Text::SelectedCount),
        &[("n", &props.selected.len().to_string())],
    );

    html! {
        <section class="card bulk-bar" data-testid="bulk-bar">
            <p><strong>{ count }</strong></p>
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
                        data-testid="bulk-apply" disabled={*busy} onclick={apply}>
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
