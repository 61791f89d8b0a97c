package slug

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

func TestSegment(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"discovery", "discovery"},
		{"Sales Team", "Sales-Team"},
		{"Deal Review", "Deal-Review"},
		{"Q&A #1 what?", "QA-1-what"},
		{"100% done", "100-done"},
		{"Pricing (EMEA)", "Pricing-EMEA"},
		{"(EMEA) Pricing", "EMEA-Pricing"},
		{"A & B", "A-B"},
		{"a  b", "a-b"},
		{" padded ", "padded"},
		{"02-next", "02-next"},
		{"v1.2 notes", "v1.2-notes"},
		{"snake_case", "snake_case"},
		{"café crème", "café-crème"},
		{"Buyer’s guide", "Buyers-guide"},
		{"顧客との商談", "顧客との商談"},
		{"🔥 hot", "hot"},
		{"tab\there", "tab-here"},
		{"a/b", "ab"},
		{"a\\b", "ab"},
		{"???", "u3f-3f-3f"},
		{"? ?", "u3f-3f"},
		{"🔥", "u1f525"},
		{".", "u2e"},
		{"..", "u2e-2e"},
		{"...", "..."},
		{"", "u"},
		{"\xff", "ufffd"},
	} {
		if got := Segment(tt.in); got != tt.want {
			t.Errorf("Segment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerm(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Pricing", "pricing"},
		{"pricing", "pricing"},
		{"Cold Calls", "cold-calls"},
		{"cold-calls", "cold-calls"},
		{"cold  calls", "cold-calls"},
		{"C++", "c"},
		{"Négociation", "négociation"},
		{"🔥", "u1f525"},
	} {
		if got := Term(tt.in); got != tt.want {
			t.Errorf("Term(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"quarterly", true},
		{"Sales-Team", true},
		{"café", true},
		{"a.b_c-d", true},
		{"", false},
		{".", false},
		{"..", false},
		{"a b", false},
		{"a/b", false},
		{"Q&A", false},
		{"100%", false},
		{"x#y", false},
		{"x?y", false},
	} {
		if got := Valid(tt.in); got != tt.ok {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

func TestSafe(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"Sales-Team", true},
		{"顧客", true},
		{"", false},
		{"..", false},
		{"a b", false},
		{"a%20b", false},
		{"a#b", false},
		{"a?b", false},
		{"a/b", false},
		{"a\u200bb", false},
		{"a\x00b", false},
		{"\xff", false},
	} {
		if got := Safe(tt.in); got != tt.ok {
			t.Errorf("Safe(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

// checkSegment fails when seg, made from in, is not a safe path segment
// that a URL carries unchanged through escaping and unescaping.
func checkSegment(t *testing.T, what, in, seg string) {
	t.Helper()
	if !Safe(seg) {
		t.Fatalf("%s(%q) = %q, not a safe path segment", what, in, seg)
	}
	u, err := url.Parse("https://example.com/" + url.PathEscape(seg) + "/")
	if err != nil || u.Path != "/"+seg+"/" {
		t.Fatalf("%s(%q) = %q does not round-trip through a URL: %v %q", what, in, seg, err, u)
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{"Sales Team", "Q&A #1 what?", "100% done", "Pricing (EMEA)", "???", "..", "顧客との商談", "\xff", "a\u0301", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		seg := Segment(name)
		checkSegment(t, "Segment", name, seg)
		if again := Segment(seg); again != seg {
			t.Fatalf("Segment(%q) = %q, but Segment(%q) = %q", name, seg, seg, again)
		}
		if !Valid(seg) {
			t.Fatalf("Segment(%q) = %q is not Valid", name, seg)
		}
		if utf8.ValidString(name) && Valid(name) && seg != name {
			t.Fatalf("Valid(%q) but Segment gives %q", name, seg)
		}
	})
}

func FuzzTerm(f *testing.F) {
	for _, s := range []string{"Pricing", "Cold Calls", "cold-calls", "C++", "İ", "ẞ", "🔥", "Σ", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, term string) {
		seg := Term(term)
		checkSegment(t, "Term", term, seg)
		if again := Term(seg); again != seg {
			t.Fatalf("Term(%q) = %q, but Term(%q) = %q", term, seg, seg, again)
		}
	})
}
