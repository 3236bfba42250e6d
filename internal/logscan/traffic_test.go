package logscan

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scan writes what tr recorded to a file of its own and scans it as the
// test run's scan does.
func scan(t *testing.T, tr *Traffic) []Finding {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "traffic.log"), []byte(tr.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, found, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// A planted BSN in a URL, in a redirect target and in an error page (sent
// gzip-compressed, as the portal does), and a name escaped in a query, are
// all found in what the server side recorded; a clean page is not.
func TestTrafficHandlerFindsPersonalData(t *testing.T) {
	var tr Traffic
	mux := http.NewServeMux()
	mux.HandleFunc("/schoon", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Pagina niet gevonden", http.StatusNotFound)
	})
	mux.HandleFunc("/doorsturen", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/persoon?bsn=111222333", http.StatusSeeOther)
	})
	mux.HandleFunc("/fout", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusInternalServerError)
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, "<html>\n<h1>Er is iets misgegaan</h1>\n<p>BSN 1359.24.686 bestaat niet</p>\n</html>\n")
		_ = zw.Close()
	})
	srv := httptest.NewServer(tr.Handler(mux))
	defer srv.Close()

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/schoon", "/doorsturen", "/fout", "/zoek?naam=J.+de%20Vries", "/personen/999990019"} {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	rec := tr.String()
	for _, want := range []string{"GET /schoon 404", "| Pagina niet gevonden", "GET /doorsturen 303 -> /persoon?bsn=111222333",
		"GET /fout 500\n  body:\n  | <html>", "| <h1>Er is iets misgegaan</h1>", "unescaped: /zoek?naam=J. de Vries"} {
		if !strings.Contains(rec, want) {
			t.Errorf("recorded traffic lacks %q:\n%s", want, rec)
		}
	}
	found := scan(t, &tr)
	var got []string
	for _, f := range found {
		got = append(got, f.What)
	}
	want := []string{
		"a number passing the BSN elfproef: 111…", // the redirect target
		"a number passing the BSN elfproef: 135…", // the error page, gunzipped
		"the name de Vries",                       // the unescaped query
		"a number passing the BSN elfproef: 999…", // the path
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s\nin:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), rec)
	}
}

// The client side records the same, and hands the error page on unchanged.
func TestTrafficRoundTripperFindsPersonalData(t *testing.T) {
	page := "<h1>Tijdelijk niet beschikbaar</h1>\n<p>Mevrouw J. de Vries, probeer het later opnieuw.</p>\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			_, _ = io.WriteString(w, "BSN 111222333 on a page with status 200 is not recorded")
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, page)
	}))
	defer srv.Close()

	var tr Traffic
	client := &http.Client{Transport: tr.RoundTripper(nil)}
	for _, path := range []string{"/ok", "/weg?bsn=135924686"} {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && string(b) != page {
			t.Errorf("the client got %q, want the page unchanged", b)
		}
	}
	rec := tr.String()
	if strings.Contains(rec, "status 200 is not recorded") || !strings.Contains(rec, " 503\n  body:\n  | <h1>Tijdelijk niet beschikbaar</h1>") {
		t.Errorf("recorded:\n%s", rec)
	}
	found := scan(t, &tr)
	if len(found) != 2 || found[0].What != "a number passing the BSN elfproef: 135…" || found[1].What != "the name de Vries" {
		t.Errorf("findings %v in:\n%s", found, rec)
	}
}

func TestTrafficSave(t *testing.T) {
	var tr Traffic
	if err := tr.Save("http", "niets"); err != nil {
		t.Fatal(err)
	}
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "test-output", "logs", "http", "niets.log")); !os.IsNotExist(err) {
		t.Errorf("nothing recorded, yet a file was saved (%v)", err)
	}
}

// A form shown again with its mistakes marked is the person's own page, not
// an error page: it is noted, its body is not recorded. An error page that
// only looks like one in its status is recorded whole.
func TestTrafficFormAgainIsNoErrorPage(t *testing.T) {
	var tr Traffic
	tr.Answer("POST", "/declaraties/nieuw", 422, "", "",
		[]byte("<title>Fout: Declaratie – PGB Portaal</title>\n<option selected>H. de Boer</option>\n"))
	tr.Answer("POST", "/declaraties/1/indienen", 409, "", "",
		[]byte("<title>Gegevens zijn intussen gewijzigd – PGB Portaal</title>\n<p>U bekijkt de site als J. de Vries</p>\n"))
	rec := tr.String()
	if !strings.Contains(rec, "POST /declaraties/nieuw 422\n  body: the form again with its mistakes marked") || strings.Contains(rec, "H. de Boer") {
		t.Errorf("form shown again:\n%s", rec)
	}
	if found := scan(t, &tr); len(found) != 1 || found[0].What != "the name de Vries" || found[0].Line != 6 {
		t.Errorf("findings %v in:\n%s", found, rec)
	}
}
