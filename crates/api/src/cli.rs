//! Command line: `crm serve` (the default), `crm setup`, `crm openapi`, `crm migrate`.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{DatabaseArgs, ServeArgs};
use crate::setup::{self, PortalSetup};
use crate::{auth, startup, telemetry};

/// The CRM server and its operator commands.
#[derive(Debug, Parser)]
#[command(name = "crm", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the web app (the default command).
    Serve(Box<ServeArgs>),
    /// Create a portal and its owner without prompts.
    Setup(SetupArgs),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Debug, Args)]
struct SetupArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Name of the organisation.
    #[arg(long)]
    portal_name: String,
    /// E-mail of the owner, used to sign in.
    #[arg(long)]
    owner_email: String,
    /// Password of the owner (10–128 characters).
    #[arg(long, env = "CRM_OWNER_PASSWORD", hide_env_values = true)]
    owner_password: String,
    /// Display name of the owner (default: the e-mail).
    #[arg(long)]
    owner_name: Option<String>,
    /// Language of the portal: `ru` or `en`.
    #[arg(long, default_value = "ru")]
    locale: String,
    /// The owner's IANA time zone, such as `Europe/Moscow` (default: the browser's at the
    /// first sign-in).
    #[arg(long)]
    time_zone: Option<String>,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(*args),
        Some(Command::Setup(args)) => run_setup(args),
        Some(Command::Migrate(args)) => {
            telemetry::init(crate::config::LogFormat::Text);
            startup::open_database(&args).map(|_| println!("migrations applied"))
        }
        Some(Command::Openapi) => crate::openapi::document_json().map(|json| print!("{json}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_setup(args: SetupArgs) -> anyhow::Result<()> {
    telemetry::init(crate::config::LogFormat::Text);
    let pool = startup::open_database(&args.database)?;
    let (portal, owner) = setup::create_portal(
        &pool,
        &PortalSetup {
            portal_name: args.portal_name,
            owner_email: args.owner_email,
            owner_name: args.owner_name,
            owner_password: args.owner_password,
            locale: args.locale,
            time_zone: args.time_zone,
        },
    )?;
    println!(
        "portal {} \"{}\" created; owner {} (id {})",
        portal.id, portal.name, owner.email, owner.id
    );
    Ok(())
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    telemetry::init(args.log_format);
    let started = std::time::Instant::now();
    let pool = startup::open_database(&args.database)?;
    if args.init_if_empty && setup::is_empty(&pool)? {
        let password = auth::secret::new_password();
        let (portal, owner) = setup::create_portal(
            &pool,
            &PortalSetup {
                portal_name: args.init_portal_name.clone(),
                owner_email: args.init_owner_email.clone(),
                owner_name: None,
                owner_password: password.clone(),
                locale: "ru".into(),
                time_zone: None,
            },
        )?;
        println!();
        println!("  First portal \"{}\" created.", portal.name);
        println!("  Sign in as {} with password {}", owner.email, password);
        println!("  (shown only now; change it in your profile)");
        println!();
    }
    actix_web::rt::System::new().block_on(async move {
        let app = startup::build(&args, pool)?;
        let url = args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", display_addr(&args.bind, app.port())));
        tracing::info!(%url, startup_ms = started.elapsed().as_millis() as u64, "CRM is listening");
        println!("  CRM is ready at {url}  (API docs: {url}/api/docs/)");
        app.run().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

pub(crate) fn display_addr(bind: &str, port: u16) -> String {
    let host = bind.rsplit_once(':').map_or(bind, |(h, _)| h);
    let host = if host == "0.0.0.0" || host == "[::]" {
        "127.0.0.1"
    } else {
        host
    };
    format!("{host}:{port}")
}
