package service

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

// teamCSV writes the team view as a spreadsheet: a row per person the
// caller may see, with their share of all items done, how many modules
// are overdue (members only), and per module of the manifest its
// done/total and who signed it off.
func (s *Server) teamCSV(w http.ResponseWriter, r *http.Request, me caller) error {
	m, err := s.manifest(r.Context())
	if err != nil {
		return err
	}
	people, err := s.teamOf(r.Context(), me)
	if err != nil {
		return err
	}
	emails := make([]string, len(people))
	for i, p := range people {
		emails[i] = p.Email
	}
	ticks, err := s.store.TicksOf(r.Context(), emails)
	if err != nil {
		return err
	}
	offs, err := s.store.SignOffsOf(r.Context(), emails)
	if err != nil {
		return err
	}
	header := []string{"email", "name", "manager", "role", "start", "last activity", "progress", "overdue modules"}
	for _, c := range m.Curricula {
		for _, mod := range c.Modules {
			col := fmt.Sprintf("%s / %d. %s", c.Title, mod.Number, mod.Title)
			header = append(header, col, col+" signed off")
		}
	}
	today := s.now().UTC().Format(time.DateOnly)
	rows := [][]string{header}
	for _, p := range people {
		done := doneItems(ticks[p.Email])
		signed := map[string]store.SignOff{}
		for _, so := range offs[p.Email] {
			signed[so.Module] = so
		}
		var cells []string
		var allDone, allTotal, overdue int
		for _, c := range m.Curricula {
			var seconds int64
			for _, mod := range c.Modules {
				n, total := moduleProgress(m, mod, done)
				allDone, allTotal = allDone+n, allTotal+total
				seconds += mod.DurationSeconds
				so, isSigned := signed[mod.URL]
				complete := n == total && (!mod.Signoff || isSigned)
				if !complete && today > dueDate(p.Start, seconds, m.DailyHours) {
					overdue++
				}
				cell := ""
				if isSigned {
					cell = cmpStr(so.SignerName, so.Signer) + " " + so.At.UTC().Format(time.DateOnly)
				}
				cells = append(cells, fmt.Sprintf("%d/%d", n, total), cell)
			}
		}
		progress, late := "", ""
		if allTotal > 0 {
			progress = fmt.Sprintf("%d%%", allDone*100/allTotal) // rounded down: 100% is all
		}
		// Managers and admins are not new hires: nothing of theirs is late.
		if p.Role == store.RoleMember {
			late = strconv.Itoa(overdue)
		}
		row := []string{p.Email, p.Name, p.Manager, string(p.Role), p.Start.UTC().Format(time.DateOnly),
			lastActivity(ticks[p.Email]), progress, late}
		rows = append(rows, append(row, cells...))
	}
	for _, row := range rows {
		for i := range row {
			row[i] = defuse(row[i])
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="team-progress.csv"`)
	cw := csv.NewWriter(w)
	return cw.WriteAll(rows) // the status is sent; a failure here is a dropped connection
}

// doneItems returns the state of each ticked item, by page and item id.
func doneItems(ticks []store.Tick) map[[2]string]bool {
	done := map[[2]string]bool{}
	for _, t := range ticks {
		done[[2]string{t.Page, t.Item}] = t.Done
	}
	return done
}

// moduleProgress counts the module's items that are done: ticked, or
// ticked in the Markdown and never unticked.
func moduleProgress(m *checklists.Manifest, mod checklists.Module, done map[[2]string]bool) (n, total int) {
	for _, url := range mod.Pages {
		page := m.Pages[url]
		if page == nil {
			continue
		}
		for _, it := range page.Items {
			total++
			d, ticked := done[[2]string{url, it.ID}]
			if d || !ticked && it.Default {
				n++
			}
		}
	}
	return n, total
}

// dueDate returns the day, YYYY-MM-DD, a module is due for someone who
// started on start, when it and the modules before it in its curriculum
// take seconds: the manifest's rule, start + N working days (Monday to
// Friday), N = ceil(seconds / 3600 / dailyHours), 4 hours a day if unset.
// The team page computes the same.
func dueDate(start time.Time, seconds int64, dailyHours float64) string {
	if dailyHours <= 0 {
		dailyHours = 4
	}
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	for n := int(math.Ceil(float64(seconds) / 3600 / dailyHours)); n > 0; {
		day = day.AddDate(0, 0, 1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return day.Format(time.DateOnly)
}

func lastActivity(ticks []store.Tick) string {
	var last time.Time
	for _, t := range ticks {
		if t.TickedAt.After(last) {
			last = t.TickedAt
		}
	}
	if last.IsZero() {
		return ""
	}
	return last.UTC().Format(time.RFC3339)
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// defuse keeps a spreadsheet from reading a cell as a formula: a cell
// starting with = + - @ (or a tab or carriage return, which some strip
// first) gets a leading apostrophe.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
