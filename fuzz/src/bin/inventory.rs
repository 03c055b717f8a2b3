//! AFL target `inventory`: see `check_inventory` in `src/lib.rs` for the input and the property.

fn main() {
    itsm_crosswalk_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| {
        itsm_crosswalk_fuzz::check_inventory(data);
    });
}
