package content

import (
	"strings"
	"testing"
)

// An SVG image publishes when it holds no way of running script, and each
// way it has is an error at its place.
func TestSVGScriptsAreFoundAtTheirPlaces(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"plain", `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
<style>rect { fill: red }</style>
<a href="https://example.com/"><rect width="5" height="5"/></a>
<a xlink:href="../pricing/">x</a><use href="#r"/>
<image href="data:image/png;base64,AAAA"/>
<animate attributeName="x" from="0" to="5"/>
<text>&nbsp;é</text>
</svg>`, nil},
		{"script", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>steal()</script>\n</svg>", []string{
			"a.svg:2:3: <script> in an SVG image runs when the image is opened on its own"}},
		{"handler", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"steal()\"/>", []string{
			"a.svg:1:1: the event handler onload= on <svg> runs when the image is opened on its own"}},
		{"upper-case handler", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect ONCLICK=\"steal()\"/></svg>", []string{
			"a.svg:1:41: the event handler ONCLICK= on <rect> runs when the image is opened on its own"}},
		{"javascript link", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">ü<a xlink:href=\" java\tscript:steal()\">x</a></svg>", []string{
			"a.svg:1:85: a link to \" java\tscript:steal()\" on <a> can run script when the image is opened on its own"}},
		{"base", "<svg xmlns=\"http://www.w3.org/2000/svg\"><a xml:base=\"javascript:steal()//\" href=\"x\">x</a></svg>", []string{
			"a.svg:1:41: a link to \"javascript:steal()//\" on <a> can run script when the image is opened on its own"}},
		{"html data link", "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"data:text/html,&lt;script&gt;\">x</a></svg>", []string{
			"a.svg:1:41: a link to \"data:text/html,<script>\" on <a> can run script when the image is opened on its own"}},
		{"foreign object", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>", []string{
			"a.svg:1:41: <foreignObject> in an SVG image shows a page, scripts included, when the image is opened on its own",
			"a.svg:1:56: HTML inside an SVG image (<div>) runs its scripts when the image is opened on its own"}},
		{"animation setting a link", "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><set attributeName=\"href\" to=\"javascript:steal()\"/></a></svg>", []string{
			"a.svg:1:44: <set> that sets href can make a script of a link or a handler"}},
		{"stylesheet instruction", "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", []string{
			"a.svg:1:1: the instruction <?xml-stylesheet?> can make a page of an SVG image, scripts included"}},
		{"entity", "<!DOCTYPE svg [<!ENTITY x \"y\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", []string{
			"a.svg:1:1: an entity declaration in an SVG image can hide a script from this check"}},
		{"malformed", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect></svg>", []string{
			"a.svg:2:13: an SVG image that is not well-formed XML (element <rect> closed by </svg>) cannot be checked for scripts"}},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range checkSVG("a.svg", []byte(tt.src)) {
			got = append(got, d.Error())
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
