package service

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/progress/store"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// teamsFile is the schema of teams.toml: a [[person]] table per person.
// Its values are taken as they come and checked one by one, so that a
// value of the wrong type is reported together with every other problem.
type teamsFile struct {
	Person []struct {
		Email   tomlValue `toml:"email"`
		Name    tomlValue `toml:"name"`
		Role    tomlValue `toml:"role"`
		Manager tomlValue `toml:"manager"`
		Start   tomlValue `toml:"start"`
	} `toml:"person"`
}

// tomlValue is a TOML value of any type, kept for checking later.
type tomlValue struct{ v any }

// UnmarshalTOML keeps the value.
func (t *tomlValue) UnmarshalTOML(v any) error {
	t.v = v
	return nil
}

// ApplyTeams reads teams.toml (src, named name in messages) and adds or
// updates its people in st, as actor, in one transaction. Every problem of
// the file is reported at once, as file:line:col errors, and then nothing
// is changed; managers and cycles of managers are checked against the
// people the file leaves, its own and those already known. It returns how
// many people the file lists.
func ApplyTeams(ctx context.Context, st store.Store, actor, name string, src []byte) (int, error) {
	lines := diag.NewLines(name, src)
	var f teamsFile
	diags := tomlx.Decode(string(src), &f, lines, 0, tomlx.Limits{})
	if diags.HasErrors(false) { // the file does not parse: nothing to check
		diags.Sort()
		return 0, diags
	}
	// An unknown key is an error here, not a warning: a misspelt
	// "manager" would quietly leave someone without one.
	for _, d := range diags {
		d.Severity = diag.Error
	}
	tables := personTables(string(src))
	if len(tables) != len(f.Person) { // [[person]] written some other way
		tables = make([]int, len(f.Person))
	}
	// pos returns where key's value is in the i-th person, or its [[person]].
	pos := func(i int, key string) diag.Pos {
		start, end := tables[i], len(src)
		if i+1 < len(tables) && tables[i+1] > start {
			end = tables[i+1]
		}
		re := regexp.MustCompile(`(?m)^[ \t]*` + regexp.QuoteMeta(key) + `[ \t]*=[ \t]*`)
		if loc := re.FindIndex(src[start:end]); loc != nil {
			return lines.Pos(start + loc[1])
		}
		return lines.Pos(start)
	}
	// text returns the i-th person's string value of key, reporting any
	// other type.
	text := func(i int, key string, v tomlValue) string {
		if v.v == nil {
			return ""
		}
		s, ok := v.v.(string)
		if !ok {
			diags.Errorf(pos(i, key), "%s: want a string in quotes, not %s", key, tomlType(v.v))
		}
		return s
	}
	people := make([]store.Person, len(f.Person))
	listed := map[string]int{}
	for i, raw := range f.Person {
		p := store.Person{Role: store.RoleMember}
		email := strings.TrimSpace(text(i, "email", raw.Email))
		p.Email = strings.ToLower(email)
		switch _, isText := raw.Email.v.(string); {
		case raw.Email.v == nil:
			diags.Errorf(pos(i, "email"), "person without an email")
		case !isText: // reported by text
		case store.CheckEmail(email) != nil:
			diags.Errorf(pos(i, "email"), "%v", store.CheckEmail(email))
		default:
			if j, dup := listed[p.Email]; dup {
				diags.Errorf(pos(i, "email"), "%s is listed twice (first at %s)", p.Email, pos(j, "email"))
			}
			listed[p.Email] = i
		}
		p.Name = strings.TrimSpace(text(i, "name", raw.Name))
		if err := store.CheckName(p.Name); err != nil {
			diags.Errorf(pos(i, "name"), "%v", err)
		}
		if role := text(i, "role", raw.Role); role != "" {
			p.Role = store.Role(role)
			if !p.Role.Valid() {
				diags.Errorf(pos(i, "role"), "role %q: want member, manager or admin", role)
			}
		}
		manager := strings.TrimSpace(text(i, "manager", raw.Manager))
		p.Manager = strings.ToLower(manager)
		if p.Manager != "" {
			if err := store.CheckEmail(manager); err != nil {
				diags.Errorf(pos(i, "manager"), "manager: %v", err)
				p.Manager = ""
			} else if p.Manager == p.Email {
				diags.Errorf(pos(i, "manager"), "%s cannot be their own manager", p.Email)
				p.Manager = ""
			}
		}
		if raw.Start.v != nil {
			if day, ok := startDate(raw.Start.v); ok {
				p.Start = day
			} else {
				diags.Errorf(pos(i, "start"), "start: want a date like 2026-12-01, not %s", tomlType(raw.Start.v))
			}
		}
		people[i] = p
	}
	// The managers the file leaves: those already known, then the file's.
	known, err := st.People(ctx)
	if err != nil {
		return 0, err
	}
	managerOf := map[string]string{}
	for _, p := range known {
		managerOf[p.Email] = p.Manager
	}
	for _, p := range people {
		if p.Email != "" {
			managerOf[p.Email] = p.Manager
		}
	}
	for i, p := range people {
		if p.Manager == "" {
			continue
		}
		if _, ok := managerOf[p.Manager]; !ok {
			diags.Errorf(pos(i, "manager"), "manager %s is neither listed in this file nor known to the service", p.Manager)
			continue
		}
		if loop := managerLoop(managerOf, p.Email); loop != nil {
			diags.Errorf(pos(i, "manager"), "managers cannot form a cycle: %s", strings.Join(loop, " reports to "))
		}
	}
	if diags.HasErrors(false) {
		diags.Sort()
		return 0, diags
	}
	if err := st.PutPeople(ctx, actor, people); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return len(people), nil
}

// managerLoop returns the chain from email up through managerOf back to
// email, or nil when the chain above email ends.
func managerLoop(managerOf map[string]string, email string) []string {
	chain := []string{email}
	for m := managerOf[email]; m != ""; m = managerOf[m] {
		chain = append(chain, m)
		if m == email {
			return chain
		}
		if len(chain) > len(managerOf)+1 { // a loop above email, not through it
			return nil
		}
	}
	return nil
}

// startDate reads a start date: a TOML local date (2026-12-01) or a
// string holding one ("2026-12-01").
func startDate(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		// BurntSushi/toml gives a local date the zone "date-local"; a date
		// with a time of day has another.
		if v.Location().String() != "date-local" {
			return time.Time{}, false
		}
		return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC), true
	case string:
		day, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
		return day, err == nil
	}
	return time.Time{}, false
}

// tomlType names the type of a decoded TOML value, for messages.
func tomlType(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case time.Time:
		return "a date and time"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// personTables returns the offsets of the [[person]] headers of src.
func personTables(src string) []int {
	re := regexp.MustCompile(`(?m)^[ \t]*\[\[[ \t]*person[ \t]*\]\]`)
	var out []int
	for _, loc := range re.FindAllStringIndex(src, -1) {
		out = append(out, loc[0])
	}
	return out
}
