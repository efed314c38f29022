//! Bulk actions on the selected tasks: mark done, reopen, reassign, move the deadline, delete.

use crm_api_types::{TaskBulkAction, TaskBulkRequest, TaskBulkResponse};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{send_bulk, BulkPanel, SelectField, SelectOption};
use crate::hooks::{field_setter, use_session, PortalUsers};
use crate::i18n::{fill, ContactText, TaskText, Text};
use crate::services::{browser, ApiError};

/// The actions, with their names.
const ACTIONS: [(TaskBulkAction, TaskText); 5] = [
    (TaskBulkAction::Close, TaskText::BulkClose),
    (TaskBulkAction::Reopen, TaskText::BulkReopen),
    (TaskBulkAction::Reassign, TaskText::BulkReassign),
    (TaskBulkAction::MoveDeadline, TaskText::BulkMove),
    (TaskBulkAction::Delete, TaskText::BulkDelete),
];

/// The moves of a deadline offered, in days; "to a date" is the choice without days.
const MOVES: [(&str, TaskText); 5] = [
    ("1", TaskText::MovePlusDay),
    ("2", TaskText::MovePlusTwoDays),
    ("7", TaskText::MovePlusWeek),
    ("-1", TaskText::MoveMinusDay),
    (TO_DATE, TaskText::MoveToDate),
];

/// The move that sets a date instead of shifting.
const TO_DATE: &str = "date";

/// The arguments of the chosen action.
#[derive(Debug, Clone, PartialEq)]
struct BulkDraft {
    action: TaskBulkAction,
    responsible: String,
    shift: String,
    date: String,
    time: String,
}

impl BulkDraft {
    /// The request for `ids`, or what is missing.
    fn request(&self, ids: Vec<i64>) -> Result<TaskBulkRequest, TaskText> {
        let mut request = TaskBulkRequest {
            ids,
            action: self.action.as_str().to_owned(),
            ..Default::default()
        };
        match self.action {
            TaskBulkAction::Reassign => request.responsible_id = self.responsible.parse().ok(),
            TaskBulkAction::MoveDeadline if self.shift == TO_DATE => {
                if self.date.is_empty() || self.time.is_empty() {
                    return Err(TaskText::BulkNeedsDate);
                }
                request.deadline = Some(format!("{}T{}", self.date, self.time));
            }
            TaskBulkAction::MoveDeadline => request.shift_days = self.shift.parse().ok(),
            _ => {}
        }
        Ok(request)
    }
}

/// Properties of [`TaskBulkBar`].
#[derive(Properties, PartialEq)]
pub struct TaskBulkBarProps {
    /// Ids of the selected tasks.
    pub selected: Vec<i64>,
    /// The users a task can be given to.
    pub users: PortalUsers,
    /// Called with the server's answer after the action ran.
    pub on_done: Callback<TaskBulkResponse>,
    /// Clears the selection.
    pub on_clear: Callback<()>,
}

/// The bar at the bottom of the screen while tasks are selected.
#[component]
pub fn TaskBulkBar(props: &TaskBulkBarProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let me = session.me().map(|me| me.user.id).unwrap_or_default();
    let draft = use_state(|| BulkDraft {
        action: TaskBulkAction::Close,
        responsible: me.to_string(),
        shift: MOVES[0].0.to_owned(),
        date: String::new(),
        time: "18:00".to_owned(),
    });
    let missing = use_state(|| None::<TaskText>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let set = |apply: fn(&mut BulkDraft, String)| field_setter(&draft, apply);
    let input = |apply: fn(&mut BulkDraft, String)| {
        let set = set(apply);
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                set.emit(input.value());
            }
        })
    };
    let apply = {
        let (draft, missing, error, busy) =
            (draft.clone(), missing.clone(), error.clone(), busy.clone());
        let (ids, on_done) = (props.selected.clone(), props.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let request = match draft.request(ids.clone()) {
                Ok(request) => request,
                Err(text) => return missing.set(Some(text)),
            };
            missing.set(None);
            if draft.action == TaskBulkAction::Delete {
                let question = fill(
                    TaskText::ConfirmBulkDelete.tr(lang),
                    &[("n", &ids.len().to_string())],
                );
                if !browser::confirm(&question) {
                    return;
                }
            }
            send_bulk::<_, TaskBulkResponse>(
                "/tasks/bulk-actions",
                request,
                &busy,
                &error,
                &on_done,
            );
        })
    };
    let actions: Vec<SelectOption> = ACTIONS
        .iter()
        .map(|(action, text)| SelectOption::new(action.as_str(), text.tr(lang)))
        .collect();
    let users: Vec<SelectOption> = props
        .users
        .iter()
        .filter(|u| u.active)
        .map(|u| SelectOption::new(u.id.to_string(), u.name.clone()))
        .collect();
    let moves: Vec<SelectOption> = MOVES
        .iter()
        .map(|(code, text)| SelectOption::new(*code, text.tr(lang)))
        .collect();
    let on_action = set(|d, v| {
        if let Some(action) = TaskBulkAction::ALL.iter().find(|a| a.as_str() == v) {
            d.action = *action;
        }
    });
    let count = fill(
        Text::SelectedCount.tr(lang),
        &[("n", &props.selected.len().to_string())],
    );
    let deleting = draft.action == TaskBulkAction::Delete;

    html! {
        <BulkPanel testid="task-bulk" count={count} error={(*error).clone()}
            missing={missing.map(|t| AttrValue::from(t.tr(lang)))} {deleting} busy={*busy}
            on_apply={apply} on_clear={props.on_clear.clone()}>
                <SelectField label={ContactText::BulkAction} name="task_bulk_action" options={actions}
                    value={draft.action.as_str()} onchange={on_action} testid="task-bulk-action" />
                if draft.action == TaskBulkAction::Reassign {
                    <SelectField label={TaskText::NewResponsible} name="task_bulk_responsible" options={users}
                        value={draft.responsible.clone()} onchange={set(|d, v| d.responsible = v)}
                        testid="task-bulk-responsible" />
                }
                if draft.action == TaskBulkAction::MoveDeadline {
                    <SelectField label={TaskText::MoveBy} name="task_bulk_move" options={moves}
                        value={draft.shift.clone()} onchange={set(|d, v| d.shift = v)} testid="task-bulk-move" />
                    if draft.shift == TO_DATE {
                        <div class="field">
                            <label for="f-bulk-date">{ TaskText::DeadlineDate.tr(lang) }</label>
                            <input id="f-bulk-date" type="date" value={draft.date.clone()}
                                oninput={input(|d, v| d.date = v)} data-testid="task-bulk-date" />
                        </div>
                        <div class="field">
                            <label for="f-bulk-time">{ TaskText::DeadlineTime.tr(lang) }</label>
                            <input id="f-bulk-time" type="time" value={draft.time.clone()}
                                oninput={input(|d, v| d.time = v)} data-testid="task-bulk-time" />
                        </div>
                    }
                }
        </BulkPanel>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(action: TaskBulkAction) -> BulkDraft {
        BulkDraft {
            action,
            responsible: "7".into(),
            shift: "2".into(),
            date: String::new(),
            time: "18:00".into(),
        }
    }

    #[test]
    fn each_action_sends_only_its_arguments() {
        let close = draft(TaskBulkAction::Close)
            .request(vec![1])
            .unwrap_or_default();
        assert_eq!(close.action, "close");
        assert!(close.responsible_id.is_none() && close.shift_days.is_none());
        let reassign = draft(TaskBulkAction::Reassign)
            .request(vec![1])
            .unwrap_or_default();
        assert_eq!(reassign.responsible_id, Some(7));
        let moved = draft(TaskBulkAction::MoveDeadline)
            .request(vec![1, 2])
            .unwrap_or_default();
        assert_eq!((moved.shift_days, moved.deadline), (Some(2), None));
    }

    #[test]
    fn moving_to_a_date_needs_the_date_and_sends_wall_time() {
        let mut to_date = draft(TaskBulkAction::MoveDeadline);
        to_date.shift = TO_DATE.into();
        assert_eq!(to_date.request(vec![1]), Err(TaskText::BulkNeedsDate));
        to_date.date = "2030-01-10".into();
        let request = to_date.request(vec![1]).unwrap_or_default();
        assert_eq!(request.deadline.as_deref(), Some("2030-01-10T18:00"));
        assert_eq!(request.shift_days, None);
    }
}
