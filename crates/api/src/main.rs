//! `crm`: the CRM server and its operator commands.

fn main() -> std::process::ExitCode {
    crm_api::cli::main()
}
