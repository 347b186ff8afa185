
# fob: complete entry names from the secret-free name cache (`fob __names`; never unlocks the vault).
(( $+functions[_fob_entry_names] )) ||
_fob_entry_names() {
    local -a names
    names=("${(@f)$(fob __names 2>/dev/null)}")
    compadd -a names
}
