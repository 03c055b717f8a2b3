//! AFL target `graphql`: see `check_graphql` in `src/lib.rs` for the input and the property.

fn main() {
    itsm_crosswalk_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| {
        itsm_crosswalk_fuzz::check_graphql(data);
    });
}
