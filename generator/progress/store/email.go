package store

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a person's email and name may be.
const (
	MaxEmail = 254 // bytes, the most an SMTP path holds
	MaxName  = 200 // characters
)

// CheckEmail returns an error unless email is a plain address such as
// ana@example.com: what net/mail parses as exactly itself, without a
// display name, comments or quoting, with a dot in its domain, no spaces,
// control characters or any of <>"'[]()\,;: and at most MaxEmail bytes.
// Emails are shown on the team page and in CSV files, so anything that
// could read as markup or a formula is refused where it enters.
func CheckEmail(email string) error {
	bad := func(why string) error {
		return fmt.Errorf("email %q is not a plain email address such as ana@example.com: %s", clip(email), why)
	}
	switch {
	case email == "":
		return errors.New("email is empty")
	case len(email) > MaxEmail:
		return bad(fmt.Sprintf("longer than %d bytes", MaxEmail))
	case !utf8.ValidString(email):
		return bad("not UTF-8")
	case strings.ContainsFunc(email, unicode.IsControl):
		return bad("it holds a control character (" + codePoint(email, unicode.IsControl) + ")")
	case strings.ContainsFunc(email, unicode.IsSpace):
		return bad("it holds a space (" + codePoint(email, unicode.IsSpace) + ")")
	case strings.ContainsAny(email, `<>"'[]()\,;:`):
		return bad(`it holds one of <>"'[]()\,;:`)
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email {
		return bad("it does not parse as one")
	}
	at := strings.LastIndexByte(email, '@')
	if domain := email[at+1:]; !strings.Contains(domain, ".") {
		return bad("its domain has no dot")
	}
	return nil
}

// CheckName returns an error unless name is a display name of at most
// MaxName characters without control characters (such as newlines and
// tabs); the message names the first one's code point.
func CheckName(name string) error {
	switch {
	case !utf8.ValidString(name):
		return errors.New("name is not UTF-8")
	case utf8.RuneCountInString(name) > MaxName:
		return fmt.Errorf("name %q… is longer than %d characters", clip(name), MaxName)
	case strings.ContainsFunc(name, unicode.IsControl):
		return fmt.Errorf("name %q holds a control character (%s)", clip(name), codePoint(name, unicode.IsControl))
	}
	return nil
}

// codePoint returns the first rune of s for which f is true as U+XXXX.
func codePoint(s string, f func(rune) bool) string {
	r, _ := utf8.DecodeRuneInString(s[strings.IndexFunc(s, f):])
	return fmt.Sprintf("%U", r)
}

// clip shortens s for a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
