//! AFL target `loader`: see `check_loader` in `src/lib.rs` for the input and the property.

fn main() {
    itsm_crosswalk_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| {
        itsm_crosswalk_fuzz::check_loader(data);
    });
}
