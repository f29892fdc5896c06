# bash completion for tongwen                                  -*- shell-script -*-
_tongwen()
{
	local cur prev words cword
	if declare -F _init_completion > /dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
	fi
	local cmd=${words[1]:-}
	if [ "$cword" = 1 ]; then
		mapfile -t COMPREPLY < <(compgen -W 'convert check annotate lsp --version -V --help' -- "$cur")
		return
	fi
	case $prev in
	-p | --profile)
		mapfile -t COMPREPLY < <(compgen -W "$(tongwen convert --list-profiles 2> /dev/null)" -- "$cur")
		[ "${cur#*/}" != "$cur" ] && mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	-t | --target) mapfile -t COMPREPLY < <(compgen -W 'cn hk tw' -- "$cur"); return ;;
	-f | --format) mapfile -t COMPREPLY < <(compgen -W 'text json sarif github xml' -- "$cur"); return ;;
	--fail-on) mapfile -t COMPREPLY < <(compgen -W 'error warning info never' -- "$cur"); return ;;
	--other) mapfile -t COMPREPLY < <(compgen -W 'copy skip' -- "$cur"); return ;;
	--on-error) mapfile -t COMPREPLY < <(compgen -W 'fail skip' -- "$cur"); return ;;
	--register) mapfile -t COMPREPLY < <(compgen -W 'auto hk tw' -- "$cur"); return ;;
	-m | --markup) mapfile -t COMPREPLY < <(compgen -W 'auto text html xml markdown' -- "$cur"); return ;;
	-e | --encoding | --output-encoding)
		mapfile -t COMPREPLY < <(compgen -W 'utf-8 big5-hkscs big5 gb18030 gbk utf-16' -- "$cur")
		return ;;
	-j | --jobs | --jsonl | --id) return ;;
	-o | --output | -c | --config | --files-from)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	esac
	if [[ $cur == -* ]]; then
		local opts
		case $cmd in
		convert) opts='-p --profile -o --output -m --markup -e --encoding --output-encoding -r --recursive --files-from -0 --null -j --jobs
			--no-sync --other --jsonl --line-buffered --on-error --opencc-only --register --list-profiles --help' ;;
		check) opts='-t --target -f --format -m --markup -e --encoding --fail-on -c --config --fix --dry-run --diff
			--files-from -0 --null -j --jobs --color --color=auto --color=always --color=never
			--jsonl --id --line-buffered --on-error --help' ;;
		annotate) opts='-p --profile -o --output -t --target -m --markup -e --encoding --help' ;;
		esac
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _tongwen tongwen
