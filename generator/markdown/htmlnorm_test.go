package markdown

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// normalizeHTML returns s in a form that ignores differences of HTML that
// mean the same, as the CommonMark spec's own test/normalize.py does: runs
// of white space outside <pre> are one space, white space around block
// tags goes, attributes are sorted, character references are resolved
// (only <, >, & and " stay escaped), and <br /> is <br>. Comments,
// declarations and processing instructions are kept as written.
func normalizeHTML(s string) string {
	return serializeTokens(tokenize(s))
}

// normalizePlaybookHTML is normalizeHTML after setting aside the markup
// the playbook adds on purpose, each rule as narrow as the markup it
// undoes:
//
//   - heading ids and the "#" anchor link in h2–h6;
//   - the highlighting wrappers: <div class="highlight">, the classes and
//     tabindex of <pre class="chroma">, data-lang on <code>, and the
//     token spans inside <pre>;
//   - the scrolling box around a table, <div class="table-scroll">;
//   - loading="lazy" on images.
//
// What the playbook renders differently beyond this is a difference each
// conformance test lists by example number.
func normalizePlaybookHTML(s string) string {
	return serializeTokens(setAside(tokenize(s)))
}

// visibleHTML is normalizeHTML without comments, which show nothing.
func visibleHTML(s string) string {
	toks := tokenize(s)
	return serializeTokens(slices.DeleteFunc(toks, func(t htmlToken) bool { return t.Type == html.CommentToken }))
}

// htmlToken is one token of an HTML fragment: the parsed token, and for
// comments, declarations and processing instructions its raw text.
type htmlToken struct {
	html.Token
	raw string
}

func tokenize(s string) []htmlToken {
	z := html.NewTokenizer(strings.NewReader(s))
	var toks []htmlToken
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return toks
		}
		raw := string(z.Raw())
		toks = append(toks, htmlToken{Token: z.Token(), raw: raw})
	}
}

func setAside(toks []htmlToken) []htmlToken {
	var out []htmlToken
	var divs []bool // per open <div>: was it dropped?
	inPre, inHeading, inAnchor := 0, false, false
	for _, t := range toks {
		switch t.Type {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch t.Data {
			case "div":
				drop := attr(t, "class") == "highlight" || attr(t, "class") == "table-scroll"
				divs = append(divs, drop)
				if drop {
					continue
				}
			case "pre":
				inPre++
				if attr(t, "class") == "chroma" {
					t = withoutAttrs(t, "class", "tabindex")
				}
			case "code":
				t = withoutAttrs(t, "data-lang")
			case "span":
				if inPre > 0 {
					continue
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				inHeading = true
				t = withoutAttrs(t, "id")
			case "a":
				if inHeading && attr(t, "class") == "anchor" {
					inAnchor = true
					continue
				}
			case "img":
				if attr(t, "loading") == "lazy" {
					t = withoutAttrs(t, "loading")
				}
			}
		case html.EndTagToken:
			switch t.Data {
			case "div":
				if n := len(divs); n > 0 {
					drop := divs[n-1]
					divs = divs[:n-1]
					if drop {
						continue
					}
				}
			case "pre":
				inPre = max(inPre-1, 0)
			case "span":
				if inPre > 0 {
					continue
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				inHeading = false
			case "a":
				if inAnchor {
					inAnchor = false
					continue
				}
			}
		case html.TextToken:
			if inAnchor {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

func attr(t htmlToken, key string) string {
	for _, a := range t.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func withoutAttrs(t htmlToken, keys ...string) htmlToken {
	t.Attr = slices.DeleteFunc(slices.Clone(t.Attr), func(a html.Attribute) bool { return slices.Contains(keys, a.Key) })
	return t
}

// blockTags are the tags around which white space does not count, as
// normalize.py lists them.
var blockTags = func() map[string]bool {
	m := map[string]bool{}
	for _, tag := range strings.Fields(`article header aside hgroup blockquote hr iframe body li map
		button object ol caption output col p colgroup pre dd progress div section dl table
		td dt tbody embed textarea fieldset tfoot figcaption th figure thead footer tr form ul
		h1 h2 h3 h4 h5 h6 video script style`) {
		m[tag] = true
	}
	return m
}()

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// serializeTokens writes toks as normalize.py writes what it parsed.
func serializeTokens(toks []htmlToken) string {
	var out strings.Builder
	trimRight := func() {
		s := strings.TrimRight(out.String(), " \t\n\r\f")
		out.Reset()
		out.WriteString(s)
	}
	last, lastTag, inPre := "starttag", "", false
	// Adjacent text tokens are one run of text, as the parser would give.
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.Type {
		case html.TextToken:
			data := t.Data
			for i+1 < len(toks) && toks[i+1].Type == html.TextToken {
				i++
				data += toks[i].Data
			}
			afterTag := last == "starttag" || last == "endtag"
			if afterTag && lastTag == "br" {
				data = strings.TrimLeft(data, "\n")
			}
			if !inPre {
				data = collapseSpace(data)
				if afterTag && blockTags[lastTag] {
					data = strings.TrimLeft(data, " ")
					if last == "endtag" {
						data = strings.TrimRight(data, " ")
					}
				}
			}
			data = textEscaper.Replace(data)
			out.WriteString(data)
			last = "data"
		case html.StartTagToken, html.SelfClosingTagToken:
			if t.Data == "pre" {
				inPre = true
			}
			if blockTags[t.Data] {
				trimRight()
			}
			out.WriteString("<" + t.Data)
			attrs := slices.Clone(t.Attr)
			slices.SortFunc(attrs, func(a, b html.Attribute) int { return strings.Compare(a.Key, b.Key) })
			for _, a := range attrs {
				out.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
			}
			out.WriteString(">")
			lastTag, last = t.Data, "starttag"
			if t.Type == html.SelfClosingTagToken {
				last = "endtag"
			}
		case html.EndTagToken:
			if t.Data == "pre" {
				inPre = false
			} else if blockTags[t.Data] {
				trimRight()
			}
			out.WriteString("</" + t.Data + ">")
			lastTag, last = t.Data, "endtag"
		default: // comments, doctypes and the like, as written
			out.WriteString(t.raw)
			last = "other"
		}
	}
	return out.String()
}

// collapseSpace turns each run of ASCII white space in s into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
