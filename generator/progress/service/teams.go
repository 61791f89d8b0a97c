package service

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"playbook/generator/diag"
	"playbook/generator/progress/store"
	"playbook/generator/tomlx"
)

// teamsFile is the schema of teams.toml: a [[person]] table per person.
type teamsFile struct {
	Person []struct {
		Email   string    `toml:"email"`
		Name    string    `toml:"name"`
		Role    string    `toml:"role"`
		Manager string    `toml:"manager"`
		Start   time.Time `toml:"start"`
	} `toml:"person"`
}

// ApplyTeams reads teams.toml (src, named name in messages) and adds or
// updates its people in st, as actor. Every problem of the file is
// reported at once, as file:line:col errors, and then nothing is
// changed. It returns how many people the file lists.
func ApplyTeams(ctx context.Context, st store.Store, actor, name string, src []byte) (int, error) {
	lines := diag.NewLines(name, src)
	var f teamsFile
	diags := tomlx.Decode(string(src), &f, lines, 0, tomlx.Limits{})
	// An unknown key is an error here, not a warning: a misspelt
	// "manager" would quietly leave someone without one.
	for _, d := range diags {
		d.Severity = diag.Error
	}
	if len(diags) > 0 {
		diags.Sort()
		return 0, diags
	}
	tables := personTables(string(src))
	if len(tables) != len(f.Person) { // [[person]] written some other way
		tables = make([]int, len(f.Person))
	}
	// pos returns where key is set in the i-th person, or its [[person]].
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
	people := make([]store.Person, len(f.Person))
	listed := map[string]int{}
	for i, p := range f.Person {
		email := strings.ToLower(strings.TrimSpace(p.Email))
		role := store.Role(p.Role)
		if role == "" {
			role = store.RoleMember
		}
		switch {
		case email == "":
			diags.Errorf(pos(i, "email"), "person without an email")
		case !strings.Contains(email, "@"):
			diags.Errorf(pos(i, "email"), "email %q is not an email address", p.Email)
		default:
			if j, dup := listed[email]; dup {
				diags.Errorf(pos(i, "email"), "%s is listed twice (first at %s)", email, pos(j, "email"))
			}
			listed[email] = i
		}
		if !role.Valid() {
			diags.Errorf(pos(i, "role"), "role %q: want member, manager or admin", p.Role)
		}
		people[i] = store.Person{Email: email, Name: p.Name, Role: role, Manager: p.Manager, Start: p.Start}
	}
	for i, p := range people {
		m := strings.ToLower(strings.TrimSpace(p.Manager))
		if m == "" {
			continue
		}
		if m == p.Email {
			diags.Errorf(pos(i, "manager"), "%s cannot be their own manager", p.Email)
			continue
		}
		if _, ok := listed[m]; ok {
			continue
		}
		if _, err := st.Person(ctx, m); errors.Is(err, store.ErrNotFound) {
			diags.Errorf(pos(i, "manager"), "manager %s is neither listed in this file nor known to the service", m)
		} else if err != nil {
			return 0, err
		}
	}
	if diags.HasErrors(false) {
		diags.Sort()
		return 0, diags
	}
	for i, p := range people {
		if err := st.PutPerson(ctx, actor, p); err != nil {
			return i, fmt.Errorf("%s: %w", pos(i, "email"), err)
		}
	}
	return len(people), nil
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
