package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"lifecycle/msg"
	"lifecycle/output"
)

// A configuration file (--config FILE, or $LIFECYCLE_CONFIG) holds flags
// by their long names, so that a nightly job need not repeat them:
//
//	tz: Asia/Shanghai        # a flag at the top: every command that has it
//	quiet: true
//	cancelled: [交易关闭, 已退款] # a list: the flag given once per value
//	rfm:                     # under a command's name: that command only
//	  scheme: cn8
//	  lang: zh
//
// The command line wins over the file, and a command's own section over
// the top. A name that no command has as a flag, or that the command of
// its section does not have, is a usage error naming the file, line and
// column, with the nearest flag.

// configEnv names the configuration file when --config does not.
const configEnv = "LIFECYCLE_CONFIG"

// setting is one flag value of a configuration file.
type setting struct {
	flag   string
	values []string // a scalar is one value; a list, each of its items
	pos    string   // file:line:column
}

// config is a parsed configuration file.
type config struct {
	path     string
	data     []byte               // the file's bytes, for the meta
	all      []setting            // for every command that has the flag
	commands map[string][]setting // by command name
	applied  []setting            // the settings apply used, by flag name
}

// loadConfig reads the configuration file of --config or $LIFECYCLE_CONFIG;
// nil when there is none. root is checked for the names of commands and
// flags.
func loadConfig(path string, root *cobra.Command) (*config, error) {
	if path == "" {
		path = os.Getenv(configEnv)
	}
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	return parseConfig(path, data, root)
}

// parseConfig parses the configuration file at path, holding data.
func parseConfig(path string, data []byte, root *cobra.Command) (*config, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, usagef("--config %s: %v", path, err)
	}
	c := &config{path: path, data: data, commands: map[string][]setting{}}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return c, nil
	}
	top, ok := mapping(file.Docs[0].Body)
	if !ok {
		return nil, c.errorf(file.Docs[0].Body, "the file is a map of flag names to values, and of command names to such maps")
	}
	for _, kv := range top {
		name := kv.Key.GetToken().Value
		if sub := root.Commands(); commandNamed(sub, name) != nil {
			cmd := commandNamed(sub, name)
			m, ok := mapping(kv.Value)
			if !ok {
				return nil, c.errorf(kv.Value, "%s: give the flags of lifecycle %s as a map (flag: value)", name, name)
			}
			for _, f := range m {
				s, err := c.setting(f, func(flag string) bool { return cmd.Flags().Lookup(flag) != nil }, cmd)
				if err != nil {
					return nil, err
				}
				c.commands[name] = append(c.commands[name], s)
			}
			continue
		}
		s, err := c.setting(kv, func(flag string) bool { return len(commandsWithFlag(root, flag)) > 0 }, root)
		if err != nil {
			return nil, err
		}
		c.all = append(c.all, s)
	}
	return c, nil
}

// setting reads one flag: value pair; known says whether the flag exists
// where it is given (near is where to look for a suggestion).
func (c *config) setting(kv *ast.MappingValueNode, known func(string) bool, near *cobra.Command) (setting, error) {
	name := kv.Key.GetToken().Value
	s := setting{flag: name, pos: c.pos(kv.Key)}
	if !known(name) {
		var of, hint error = msg.Errorf(""), msg.Errorf("")
		if near.HasParent() {
			of = msg.Errorf(" of %s", near.CommandPath())
		}
		if n := nearestConfigFlag(near, name); n != "" {
			hint = msg.Errorf(" (did you mean %s?)", n)
		} else if others := commandsWithFlag(near, name); near.HasParent() && len(others) > 0 {
			hint = msg.Errorf(" (it is a flag of %s)", strings.Join(others, ", "))
		}
		return s, c.errorf(kv.Key, "unknown flag %q%v%v", name, of, hint)
	}
	switch v := kv.Value.(type) {
	case *ast.SequenceNode:
		for _, item := range v.Values {
			text, ok := scalar(item)
			if !ok {
				return s, c.errorf(item, "%s: a list of plain values", name)
			}
			s.values = append(s.values, text)
		}
	default:
		text, ok := scalar(kv.Value)
		if !ok {
			return s, c.errorf(kv.Value, "%s: give a value or a list of values", name)
		}
		s.values = []string{text}
	}
	return s, nil
}

// nearestConfigFlag is the flag of cmd (or, for the root, of any command)
// nearest to name.
func nearestConfigFlag(cmd *cobra.Command, name string) string {
	if cmd.HasParent() {
		return nearestFlag(cmd, name)
	}
	for _, sub := range cmd.Commands() {
		if n := nearestFlag(sub, name); n != "" {
			return n
		}
	}
	return ""
}

func commandNamed(cmds []*cobra.Command, name string) *cobra.Command {
	for _, c := range cmds {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

// mapping returns the pairs of a map node.
func mapping(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// scalar returns the text of a plain value (a string, number or boolean).
func scalar(n ast.Node) (string, bool) {
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode:
		return n.GetToken().Value, true
	}
	return "", false
}

func (c *config) pos(n ast.Node) string {
	t := n.GetToken()
	return fmt.Sprintf("%s:%d:%d", c.path, t.Position.Line, t.Position.Column)
}

func (c *config) errorf(n ast.Node, format string, args ...any) error {
	return usagef("--config %s: %w", c.pos(n), msg.Errorf(format, args...))
}

// apply sets the flags of cmd that the configuration gives and the
// command line does not, the command's section over the top. It returns
// where each flag it set came from, and records the file and what it set
// in s for the meta of the outputs (s may be nil).
func (c *config) apply(cmd *cobra.Command, s *streams) (map[string]string, error) {
	from := map[string]string{}
	if c == nil {
		return from, nil
	}
	if s != nil {
		s.config = c
	}
	fs := cmd.Flags()
	chosen := map[string]setting{}
	for _, s := range c.all {
		if fs.Lookup(s.flag) != nil {
			chosen[s.flag] = s
		}
	}
	for _, s := range c.commands[cmd.Name()] {
		chosen[s.flag] = s
	}
	names := make([]string, 0, len(chosen))
	for n := range chosen {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := chosen[n]
		if fs.Changed(n) {
			continue // the command line wins
		}
		f := fs.Lookup(n)
		for _, v := range s.values {
			if err := f.Value.Set(v); err != nil {
				return nil, usagef("--config %s: %s %q: %s", s.pos, n, v, expected(f, err))
			}
		}
		f.Changed = true
		from[n] = s.pos
		c.applied = append(c.applied, s)
	}
	return from, nil
}

// newConfigCmd is `lifecycle config show [COMMAND]`: the settings of the
// configuration file, or the flags of COMMAND with their values and where
// each comes from.
func newConfigCmd(s *streams, configPath *string) *cobra.Command {
	cfg := &cobra.Command{
		Use:   "config",
		Short: "Show the configuration file's settings (--config FILE or $" + configEnv + ")",
	}
	var out outputFlags
	show := &cobra.Command{
		Use:   "show [COMMAND]",
		Short: "Print the settings of the configuration file, or the flags of COMMAND and where each value comes from",
		Long: `config show prints the settings of the configuration file (--config FILE, or
$` + configEnv + `): each flag, its value and the file:line it is on, for every
command (all) or one. config show COMMAND prints every flag of COMMAND with
the value it takes from the file or its default, and where it comes from;
flags given on the command line win over both.`,
		Example: `  lifecycle --config lifecycle.yaml config show
  LIFECYCLE_CONFIG=lifecycle.yaml lifecycle config show rfm`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := loadConfig(*configPath, cmd.Root())
			if err != nil {
				return err
			}
			t := &output.Table{Columns: []output.Column{{Name: "command"}, {Name: "flag"}, {Name: "value"}, {Name: "from"}}}
			if len(args) == 0 {
				if c == nil {
					return usagef("no configuration file: give --config FILE or set %s", configEnv)
				}
				for _, st := range c.all {
					t.Rows = append(t.Rows, []any{"all", st.flag, strings.Join(st.values, ","), st.pos})
				}
				var names []string
				for n := range c.commands {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					for _, st := range c.commands[n] {
						t.Rows = append(t.Rows, []any{n, st.flag, strings.Join(st.values, ","), st.pos})
					}
				}
				return out.writeTable(s, t)
			}
			target := commandNamed(cmd.Root().Commands(), args[0])
			if target == nil || target.Name() == "config" || !target.Runnable() {
				return usagef("config show %q: not a command", args[0])
			}
			from, err := c.apply(target, nil)
			if err != nil {
				return err
			}
			target.Flags().VisitAll(func(f *pflag.Flag) {
				where := "default"
				if p, ok := from[f.Name]; ok {
					where = p
				}
				t.Rows = append(t.Rows, []any{target.Name(), f.Name, f.Value.String(), where})
			})
			return out.writeTable(s, t)
		},
	}
	out.register(show.Flags())
	cfg.AddCommand(show)
	return cfg
}
