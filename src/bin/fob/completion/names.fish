
# fob: complete entry names from the secret-free name cache (`fob __names`; never unlocks the vault).
complete -c fob -n "__fish_seen_subcommand_from code verify verify-log show rm rename; and test (count (commandline -opc)) -le 2" -f -a "(fob __names 2>/dev/null)"
