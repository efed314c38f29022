//! The CRM server: actix-web application, authentication, request conventions (problem
//! details, paging, optimistic concurrency), OpenAPI document, and the SPA host.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod exports;
pub mod extract;
pub mod fresh;
pub mod jobs;
pub mod mail;
pub mod openapi;
pub mod pagination;
pub mod queue;
pub mod rates;
pub mod routes;
pub mod setup;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod totals;
pub mod versioning;
pub mod web_app;
