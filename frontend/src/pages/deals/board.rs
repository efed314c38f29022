//! The board of a pipeline: a column per stage with its count and totals, cards dragged to
//! another column (or moved with the card's stage list, from the keyboard) change the deal's
//! stage at once, and go back with the server's reason when it refuses.

use std::rc::Rc;

use crm_api_types::{BoardColumn, BoardResponse, ChangeStageRequest, DealPage, DealResponse};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::list::{deal_tabs, totals_line};
use super::{money, use_deal_choices, DealChoices};
use crate::app::Route;
use crate::components::{Loading, Notice, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, DealText, Lang};
use crate::services::{api, format, ApiError};

/// Properties of [`DealBoardPage`].
#[derive(Properties, PartialEq)]
pub struct DealBoardPageProps {
    /// The pipeline.
    pub id: i64,
}

/// Moves a card to `stage` in the board shown, before the server has answered.
fn moved(board: &BoardResponse, deal: &DealResponse, stage: i64) -> BoardResponse {
    let mut next = board.clone();
    for column in &mut next.columns {
        if column.items.iter().any(|d| d.id == deal.id) {
            column.items.retain(|d| d.id != deal.id);
            column.total -= 1;
        }
        if column.stage.id == stage {
            let mut card = deal.clone();
            card.stage_id = stage;
            column.items.insert(0, card);
            column.total += 1;
        }
    }
    next
}

/// The board page.
#[component]
pub fn DealBoardPage(props: &DealBoardPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let choices = use_deal_choices();
    let board = use_load(props.id, |id| async move {
        api::get::<BoardResponse>(&format!("/pipelines/{id}/board")).await
    });
    let dragged = use_mut_ref(|| None::<DealResponse>);
    let error = use_state(|| None::<ApiError>);
    let notice = use_state(|| None::<String>);

    let (Some(lists), Some(current)) = (choices.data.clone(), board.data.clone()) else {
        if let Some(e) = choices.error.clone().or(board.error.clone()) {
            return html! { <ProblemBanner error={e} on_reload={board.reload.clone()} /> };
        }
        return html! { <Loading /> };
    };

    let move_to = {
        let (replace, reload, error, notice, current) = (
            board.replace.clone(),
            board.reload.clone(),
            error.clone(),
            notice.clone(),
            current.clone(),
        );
        Callback::from(move |(deal, stage): (DealResponse, i64)| {
            if deal.stage_id == stage {
                return;
            }
            let name = current
                .columns
                .iter()
                .find(|c| c.stage.id == stage)
                .map(|c| c.stage.name.clone())
                .unwrap_or_default();
            replace.emit(moved(&current, &deal, stage));
            error.set(None);
            let (reload, error, notice) = (reload.clone(), error.clone(), notice.clone());
            spawn_local(async move {
                let body = ChangeStageRequest {
                    stage_id: stage,
                    version: Some(deal.version),
                };
                match api::post::<_, DealResponse>(&format!("/deals/{}/stage", deal.id), &body)
                    .await
                {
                    Ok(_) => notice.set(Some(fill(
                        DealText::Moved.tr(lang),
                        &[("title", &deal.title), ("stage", &name)],
                    ))),
                    Err(e) => {
                        notice.set(None);
                        error.set(Some(e));
                    }
                }
                // The columns' counts, totals and the cards' versions come from the server.
                reload.emit(());
            });
        })
    };
    let more = {
        let (replace, error, current, pipeline) = (
            board.replace.clone(),
            error.clone(),
            current.clone(),
            props.id,
        );
        Callback::from(move |(stage, cursor): (i64, String)| {
            let (replace, error, current) = (replace.clone(), error.clone(), current.clone());
            spawn_local(async move {
                let path = format!(
                    "/deals?pipeline_id={pipeline}&stage_id={stage}&sort=-created_at&limit=20&cursor={cursor}"
                );
                match api::get::<DealPage>(&path).await {
                    Ok(page) => replace.emit(with_more(&current, stage, page)),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let columns = current
        .columns
        .iter()
        .map(|c| column(c, &lists, lang, &dragged, &move_to, &more));

    html! {
        <>
            { deal_tabs(&lists, Some(props.id), None, lang) }
            <p class="muted">{ DealText::DragHint.tr(lang) }</p>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            if let Some(text) = (*notice).clone() {
                <Notice {text} />
            }
            <div class="board" data-testid="deal-board">{ for columns }</div>
        </>
    }
}

/// The board with the next `page` of cards at the end of `stage`'s column.
fn with_more(board: &BoardResponse, stage: i64, page: DealPage) -> BoardResponse {
    let mut next = board.clone();
    if let Some(column) = next.columns.iter_mut().find(|c| c.stage.id == stage) {
        let known: Vec<i64> = column.items.iter().map(|d| d.id).collect();
        column
            .items
            .extend(page.items.into_iter().filter(|d| !known.contains(&d.id)));
        column.next_cursor = page.next_cursor;
    }
    next
}

fn column(
    c: &BoardColumn,
    lists: &Rc<DealChoices>,
    lang: Lang,
    dragged: &Rc<std::cell::RefCell<Option<DealResponse>>>,
    move_to: &Callback<(DealResponse, i64)>,
    more: &Callback<(i64, String)>,
) -> Html {
    let stage = c.stage.id;
    let ondragover = Callback::from(|e: DragEvent| {
        e.prevent_default();
        if let Some(transfer) = e.data_transfer() {
            transfer.set_drop_effect("move");
        }
    });
    let ondrop = {
        let (dragged, move_to) = (Rc::clone(dragged), move_to.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(deal) = dragged.borrow_mut().take() {
                move_to.emit((deal, stage));
            }
        })
    };
    let page = DealPage {
        items: Vec::new(),
        next_cursor: None,
        total: c.total,
        total_capped: c.total_capped,
        totals: c.totals.clone(),
        converted: None,
    };
    let cards = c
        .items
        .iter()
        .map(|d| card(d, lists, lang, dragged, move_to));
    html! {
        <section class="board-column" data-testid="board-column" data-stage={stage.to_string()}
            {ondragover} {ondrop} aria-label={c.stage.name.clone()}>
            <header style={format!("border-top-color:{}", c.stage.color)}>
                <h3>{ c.stage.name.clone() }</h3>
                <span class="badge" data-testid="board-column-count">{ format::count(c.total, lang) }</span>
            </header>
            { totals_line(&page, lang) }
            <ul class="board-cards">{ for cards }</ul>
            if let Some(cursor) = c.next_cursor.clone() {
                <button type="button" class="link-button" data-testid="board-column-more"
                    onclick={more.reform(move |_: MouseEvent| (stage, cursor.clone()))}>
                    { fill(DealText::MoreCards.tr(lang), &[("n", &format::count(c.total - i64::try_from(c.items.len()).unwrap_or(0), lang))]) }
                </button>
            }
        </section>
    }
}

fn card(
    d: &DealResponse,
    lists: &Rc<DealChoices>,
    lang: Lang,
    dragged: &Rc<std::cell::RefCell<Option<DealResponse>>>,
    move_to: &Callback<(DealResponse, i64)>,
) -> Html {
    let ondragstart = {
        let (dragged, deal) = (Rc::clone(dragged), d.clone());
        Callback::from(move |e: DragEvent| {
            // Browsers drop only what a drag carries.
            if let Some(transfer) = e.data_transfer() {
                transfer.set_effect_allowed("move");
                let _ignored = transfer.set_data("text/plain", &deal.title);
            }
            *dragged.borrow_mut() = Some(deal.clone());
        })
    };
    let onchange = {
        let (move_to, deal) = (move_to.clone(), d.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(stage) = value.parse() {
                move_to.emit((deal.clone(), stage));
            }
        })
    };
    html! {
        <li class="board-card" draggable="true" {ondragstart} data-testid="board-card" data-id={d.id.to_string()}>
            <Link<Route> to={Route::Deal { id: d.id }}>
                <span data-testid="board-card-title">{ d.title.clone() }</span>
            </Link<Route>>
            <p class="muted small">
                <span data-testid="board-card-value">{ money(&d.value, &d.currency, lang) }</span>
                { " · " }<span data-testid="board-card-probability">{ format!("{} %", d.probability) }</span>
            </p>
            <select aria-label={DealText::MoveTo.tr(lang)} {onchange} data-testid="board-card-stage">
                { lists.stage_select(d.pipeline_id, d.stage_id) }
            </select>
        </li>
    }
}
