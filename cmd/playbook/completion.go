package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// completionCmd runs `playbook completion SHELL`: it prints the shell's
// completion script, made from the commands table and each command's
// flags.
func completionCmd(args []string, stdout, stderr io.Writer) int {
	c := newCLI("completion")
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	scripts := map[string]func(io.Writer, []compCommand){"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}
	script, ok := scripts[rest[0]]
	if !ok {
		return c.usageError(stderr, "unknown shell %q: want bash, zsh or fish", rest[0])
	}
	script(stdout, completionModel())
	return exitOK
}

// compCommand is a command as completion sees it.
type compCommand struct {
	name  string // "" for playbook itself, "new page"
	subs  []command
	flags []compFlag
	// args says how to complete each positional argument: words, and
	// "@dir", "@file" for a folder's or a file's name.
	args [][]string
}

// compFlag is a flag as completion sees it.
type compFlag struct {
	long, short string
	// value names the flag's value ("DIR", "FILE", "URL"); "" for a
	// flag without one.
	value string
	usage string
}

// names returns the flag's spellings: "-s --source", "--strict".
func (f compFlag) names() []string {
	if f.short != "" {
		return []string{"-" + f.short, "--" + f.long}
	}
	return []string{"--" + f.long}
}

// complete says how to complete the flag's value: "dir", "file" or "none".
func (f compFlag) complete() string {
	switch f.value {
	case "DIR":
		return "dir"
	case "FILE":
		return "file"
	}
	return "none"
}

var helpFlag = compFlag{long: "help", short: "h", usage: "print help"}

// completionModel lists playbook itself and every command with its
// subcommands, flags and arguments.
func completionModel() []compCommand {
	var top []command
	for _, c := range commands {
		if !strings.Contains(c.name, " ") {
			top = append(top, c)
		}
	}
	model := []compCommand{{subs: top, flags: []compFlag{helpFlag, {long: "version", usage: "print playbook's version"}}}}
	for _, cmd := range commands {
		c := flagsOf(cmd.name)
		cc := compCommand{name: cmd.name, subs: c.subcommands(), flags: []compFlag{helpFlag}}
		for _, long := range c.order {
			f := c.fs.Lookup(long)
			value, usage := flag.UnquoteUsage(f)
			cc.flags = append(cc.flags, compFlag{long: long, short: c.short[long], value: value, usage: usage})
		}
		if len(cc.subs) == 0 {
			cc.args = argCompletions(cmd.args, top)
		}
		model = append(model, cc)
	}
	return model
}

// argCompletions reads a usage line's arguments ("[hugo|mkdocs] SRC
// [flags]") into how to complete each: the words of "a|b", a folder for
// DIR and SRC, a file for FILE, a command for COMMAND. An optional
// argument's completions join the next one's, which may come first.
func argCompletions(args string, top []command) [][]string {
	var out [][]string
	optional := false
	fields := strings.Fields(args)
	for i := 0; i < len(fields); i++ {
		t := fields[i]
		if strings.HasPrefix(t, "-") { // "--site URL": a required flag
			i++
			continue
		}
		if t == "[flags]" {
			continue
		}
		var words []string
		switch inner := strings.Trim(t, "[]"); {
		case strings.Contains(inner, "|"):
			words = strings.Split(inner, "|")
		case inner == "DIR" || inner == "SRC":
			words = []string{"@dir"}
		case inner == "FILE":
			words = []string{"@file"}
		case inner == "COMMAND":
			for _, c := range top {
				words = append(words, c.name)
			}
		}
		if optional {
			out[len(out)-1] = append(out[len(out)-1], words...)
		}
		out = append(out, words)
		optional = strings.HasPrefix(t, "[")
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// The three scripts share their shape: functions answering what the
// words typed so far mean (the commands below a command, its flags, what
// a flag's value and each argument are), and one function that walks the
// words, skipping flags and their values, to find the command and the
// argument being typed.

// shQuote quotes s for bash and zsh.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// subNames returns the last words of the commands in subs.
func subNames(subs []command) []string {
	var names []string
	for _, s := range subs {
		names = append(names, s.name[strings.LastIndex(s.name, " ")+1:])
	}
	return names
}

// writeCases writes the arms of the shell function that answers, for a
// command, its subcommands, its flags, its flag values and its
// arguments: the part of the bash and zsh scripts made from the table.
// describe says whether names carry their description, zsh's
// "name:description".
func writeCases(w io.Writer, model []compCommand, describe bool) {
	item := func(name, desc string) string {
		if describe {
			return name + ":" + desc
		}
		return name
	}
	fmt.Fprint(w, "# _playbook_commands CMD: the commands one word below CMD (\"\" is playbook).\n_playbook_commands() {\n\tcase $1 in\n")
	for _, c := range model {
		if len(c.subs) == 0 {
			continue
		}
		var items []string
		for i, name := range subNames(c.subs) {
			items = append(items, shQuote(item(name, c.subs[i].summary)))
		}
		fmt.Fprintf(w, "\t%s) printf '%%s\\n' %s ;;\n", shQuote(c.name), strings.Join(items, " "))
	}
	fmt.Fprint(w, "\tesac\n}\n\n# _playbook_flags CMD: the flags of CMD.\n_playbook_flags() {\n\tcase $1 in\n")
	for _, c := range model {
		var items []string
		for _, f := range c.flags {
			for _, n := range f.names() {
				items = append(items, shQuote(item(n, f.usage)))
			}
		}
		fmt.Fprintf(w, "\t%s) printf '%%s\\n' %s ;;\n", shQuote(c.name), strings.Join(items, " "))
	}
	fmt.Fprint(w, "\tesac\n}\n\n# _playbook_value CMD FLAG: how to complete the value of CMD's FLAG\n# (dir, file or none); fails for a flag that takes no value.\n_playbook_value() {\n\tcase \"$1 $2\" in\n")
	for _, kind := range []string{"dir", "file", "none"} {
		var pats []string
		for _, c := range model {
			for _, f := range c.flags {
				if f.value == "" || f.complete() != kind {
					continue
				}
				for _, n := range f.names() {
					pats = append(pats, shQuote(c.name+" "+n))
				}
			}
		}
		if len(pats) > 0 {
			fmt.Fprintf(w, "\t%s) echo %s ;;\n", strings.Join(pats, "|"), kind)
		}
	}
	fmt.Fprint(w, "\t*) return 1 ;;\n\tesac\n}\n\n# _playbook_args CMD N: how to complete CMD's argument N (from 0): words,\n# @dir for a folder, @file for a file.\n_playbook_args() {\n\tcase \"$1 $2\" in\n")
	for _, c := range model {
		for i, words := range c.args {
			var items []string
			for _, wd := range words {
				items = append(items, shQuote(wd))
			}
			fmt.Fprintf(w, "\t%s) printf '%%s\\n' %s ;;\n", shQuote(fmt.Sprintf("%s %d", c.name, i)), strings.Join(items, " "))
		}
	}
	fmt.Fprint(w, "\tesac\n}\n")
}

// bashCompletion writes the bash script. It runs on bash 3.2 (macOS) as
// on bash 5: no mapfile, compopt only where it exists.
func bashCompletion(w io.Writer, model []compCommand) {
	fmt.Fprint(w, `# bash completion for playbook, made by `+"`playbook completion bash`"+`.
# Load it in ~/.bashrc with: source <(playbook completion bash)
# or save it as ~/.local/share/bash-completion/completions/playbook

`)
	writeCases(w, model, false)
	_, _ = io.WriteString(w, bashMain)
}

const bashMain = `
# _playbook_scan: sets cmd to the command typed before the cursor and n
# to the number of its arguments typed so far.
_playbook_scan() {
	local i w
	cmd= n=0
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--) # the rest are arguments
			n=$((n + COMP_CWORD - i - 1))
			break
			;;
		-*=*) ;;
		-*)
			if [[ ${COMP_WORDS[i+1]} == = ]]; then
				i=$((i + 2)) # --flag=value, split at = by COMP_WORDBREAKS
			elif _playbook_value "$cmd" "$w" >/dev/null; then
				i=$((i + 1))
			fi
			;;
		*)
			if ((n == 0)) && _playbook_commands "$cmd" | grep -qxF -- "$w"; then
				cmd=${cmd:+$cmd }$w
			else
				n=$((n + 1))
			fi
			;;
		esac
	done
}

# _playbook_add KIND: adds completions of cur: folders (dir), files
# (file), or the words in $words.
_playbook_add() {
	local line
	case $1 in
	dir|file)
		type compopt >/dev/null 2>&1 && compopt -o filenames 2>/dev/null
		while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen "-${1:0:1}" -- "$cur")
		;;
	*) while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -W "$words" -- "$cur") ;;
	esac
}

_playbook() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd n kind words= w
	COMPREPLY=()
	_playbook_scan
	if [[ $cur == = ]]; then
		cur=
		kind=$(_playbook_value "$cmd" "$prev") || return 0
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		kind=$(_playbook_value "$cmd" "${COMP_WORDS[COMP_CWORD-2]}") || return 0
	elif [[ $cur != -* ]]; then
		kind=$(_playbook_value "$cmd" "$prev")
	fi
	if [[ -n $kind ]]; then
		[[ $kind != none ]] && _playbook_add "$kind"
		return 0
	fi
	if [[ $cur == -* ]]; then
		words=$(_playbook_flags "$cmd")
		_playbook_add words
		return 0
	fi
	if ((n == 0)); then
		words=$(_playbook_commands "$cmd")
	fi
	if [[ -z $words ]]; then
		for w in $(_playbook_args "$cmd" "$n"); do
			case $w in
			@dir) _playbook_add dir ;;
			@file) _playbook_add file ;;
			*) words+=" $w" ;;
			esac
		done
	fi
	[[ -n $words ]] && _playbook_add words
	return 0
}

complete -F _playbook playbook
`

// zshCompletion writes the zsh script: subcommands and flags come with
// their descriptions.
func zshCompletion(w io.Writer, model []compCommand) {
	fmt.Fprint(w, `#compdef playbook
# zsh completion for playbook, made by `+"`playbook completion zsh`"+`.
# Save it as _playbook in a folder of $fpath (before compinit runs):
#   playbook completion zsh > "${fpath[1]}/_playbook"
# or load it after compinit with: source <(playbook completion zsh)

`)
	writeCases(w, model, true)
	_, _ = io.WriteString(w, zshMain)
}

const zshMain = `
# _playbook_names CMD: the commands one word below CMD, without descriptions.
_playbook_names() {
	local line
	_playbook_commands "$1" | while IFS= read -r line; do print -r -- "${line%%:*}"; done
}

_playbook() {
	local cmd= n=0 i w kind cur=${words[CURRENT]} prev=${words[CURRENT-1]}
	local -a items plain
	for ((i = 2; i < CURRENT; i++)); do
		w=${words[i]}
		case $w in
		--) # the rest are arguments
			n=$((n + CURRENT - i - 1))
			break
			;;
		-*=*) ;;
		-*) _playbook_value "$cmd" "$w" >/dev/null && i=$((i + 1)) ;;
		*)
			if ((n == 0)) && _playbook_names "$cmd" | grep -qxF -- "$w"; then
				cmd=${cmd:+$cmd }$w
			else
				n=$((n + 1))
			fi
			;;
		esac
	done
	if [[ $cur == -*=* ]]; then
		kind=$(_playbook_value "$cmd" "${cur%%=*}") || return 1
		compset -P '*='
	elif [[ $cur != -* ]]; then
		kind=$(_playbook_value "$cmd" "$prev")
	fi
	case $kind in
	dir) _files -/; return ;;
	file) _files; return ;;
	none) _message 'value'; return ;;
	esac
	if [[ $cur == -* ]]; then
		items=(${(f)"$(_playbook_flags "$cmd")"})
		_describe -t flags 'flag' items
		return
	fi
	if ((n == 0)); then
		items=(${(f)"$(_playbook_commands "$cmd")"})
		if ((${#items})); then
			_describe -t commands 'command' items
			return
		fi
	fi
	for w in ${(f)"$(_playbook_args "$cmd" "$n")"}; do
		case $w in
		@dir) _files -/ ;;
		@file) _files ;;
		*) plain+=("$w") ;;
		esac
	done
	((${#plain})) && compadd -- "${plain[@]}"
}

# Autoloaded from $fpath, this file is the body of _playbook: run it.
# Sourced, register it.
if [[ $funcstack[1] == _playbook ]]; then
	_playbook "$@"
else
	compdef _playbook playbook
fi
`

// fishCompletion writes the fish script: one complete line per
// subcommand, flag and argument, each under a condition that names the
// command being typed.
func fishCompletion(w io.Writer, model []compCommand) {
	fmt.Fprint(w, `# fish completion for playbook, made by `+"`playbook completion fish`"+`.
# Save it: playbook completion fish > ~/.config/fish/completions/playbook.fish
# or load it with: playbook completion fish | source

`)
	fmt.Fprint(w, "# __playbook_names CMD: the commands one word below CMD (\"\" is playbook).\nfunction __playbook_names\n\tswitch \"$argv[1]\"\n")
	for _, c := range model {
		if len(c.subs) > 0 {
			var names []string
			for _, n := range subNames(c.subs) {
				names = append(names, fishQuote(n))
			}
			fmt.Fprintf(w, "\t\tcase %s\n\t\t\tprintf '%%s\\n' %s\n", fishQuote(c.name), strings.Join(names, " "))
		}
	}
	fmt.Fprint(w, "\tend\nend\n\n# __playbook_valued CMD FLAG: whether CMD's FLAG takes a value.\nfunction __playbook_valued\n\tswitch \"$argv[1] $argv[2]\"\n")
	var pats []string
	for _, c := range model {
		for _, f := range c.flags {
			if f.value != "" {
				for _, n := range f.names() {
					pats = append(pats, fishQuote(c.name+" "+n))
				}
			}
		}
	}
	fmt.Fprintf(w, "\t\tcase %s\n\t\t\treturn 0\n\tend\n\treturn 1\nend\n", strings.Join(pats, " "))
	_, _ = io.WriteString(w, fishMain)
	fmt.Fprint(w, "\ncomplete -c playbook -f\n")
	for _, c := range model {
		for i, name := range subNames(c.subs) {
			fmt.Fprintf(w, "complete -c playbook -n %s -a %s -d %s\n", fishQuote("__playbook_at "+fishQuote(c.name)+" 0"), fishQuote(name), fishQuote(c.subs[i].summary))
		}
		for _, f := range c.flags {
			line := fmt.Sprintf("complete -c playbook -n %s", fishQuote("__playbook_at "+fishQuote(c.name)))
			if f.short != "" {
				line += " -s " + f.short
			}
			line += " -l " + f.long
			switch {
			case f.value == "":
			case f.complete() == "dir":
				line += " -x -a '(__playbook_dirs)'"
			case f.complete() == "file":
				line += " -r -F"
			default:
				line += " -x"
			}
			fmt.Fprintf(w, "%s -d %s\n", line, fishQuote(f.usage))
		}
		for i, words := range c.args {
			cond := fishQuote(fmt.Sprintf("__playbook_at %s %d", fishQuote(c.name), i))
			var plain []string
			for _, wd := range words {
				switch wd {
				case "@dir":
					fmt.Fprintf(w, "complete -c playbook -n %s -a '(__playbook_dirs)'\n", cond)
				case "@file":
					fmt.Fprintf(w, "complete -c playbook -n %s -F\n", cond)
				default:
					plain = append(plain, wd)
				}
			}
			if len(plain) > 0 {
				fmt.Fprintf(w, "complete -c playbook -n %s -a %s\n", cond, fishQuote(strings.Join(plain, " ")))
			}
		}
	}
}

const fishMain = `
# __playbook_scan: prints the command typed before the cursor and the
# number of its arguments typed so far, one a line.
function __playbook_scan
	set -l tokens (commandline -opc)
	set -e tokens[1]
	set -l cmd ''
	set -l n 0
	set -l skip 0
	set -l rest 0
	for t in $tokens
		if test $skip = 1
			set skip 0
			continue
		end
		if test $rest = 1
			set n (math $n + 1)
			continue
		end
		switch $t
			case '--'
				set rest 1 # the rest are arguments
			case '-*=*'
			case '-*'
				if __playbook_valued "$cmd" $t
					set skip 1
				end
			case '*'
				if test $n = 0; and contains -- $t (__playbook_names "$cmd")
					set cmd (string trim -- "$cmd $t")
				else
					set n (math $n + 1)
				end
		end
	end
	printf '%s\n' "$cmd" $n
end

# __playbook_dirs: the folders that complete the token being typed, which
# may be a flag's "--source=" with the start of its value.
function __playbook_dirs
	__fish_complete_directories (commandline -ct | string replace -r -- '^-[^=]*=' '')
end

# __playbook_at CMD [N]: whether the command being typed is CMD and,
# given N, its argument N (from 0) is the one being typed.
function __playbook_at
	set -l state (__playbook_scan)
	test "$state[1]" = "$argv[1]"; or return 1
	test (count $argv) -lt 2; or test "$state[2]" = "$argv[2]"
end
`
