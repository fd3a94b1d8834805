//! One module per subcommand other than `get`.

pub mod detect;
pub mod inspect;
