package logscan

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLine(t *testing.T) {
	for line, want := range map[string]bool{
		`{"msg":"request","route":"/berichten/{id}","status":200}`:     false,
		`{"msg":"login failed","bsn":"111222333"}`:                     true,
		`{"msg":"x","err":"no person 999990019"}`:                      true,
		`{"time":"2026-11-23T15:51:49.674146372Z","msg":"request"}`:    false,
		`time=2026-11-23T15:51:49.674146372+01:00 msg=x bsn=111222333`: true,
		`{"msg":"x","id":123456789}`:                                   false, // fails the elfproef
		`{"msg":"x","id":1112223330}`:                                  false, // ten digits
		`{"msg":"profiel opgeslagen","naam":"Mevrouw J. de Vries"}`:    true,
		`{"msg":"x","org":"Zorgkantoor Amstelland","kvk":"41000001"}`:  false,
		`{"msg":"request","ms":12.5,"request_id":"host/AbC-000042"}`:   false,
		`<dd>1112.22.333</dd>`:                                         true,  // written for people
		`<dd>1234.56.789</dd>`:                                         false, // fails the elfproef
		`version 1.1112.22.333`:                                        false, // no BSN notation
	} {
		if got := Line(line) != ""; got != want {
			t.Errorf("Line(%s) found %v, want %v", line, got, want)
		}
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "a.log"), []byte("ok\nbsn 135792460 here\nok\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "b.log"), []byte("nothing\n"), 0o644)
	files, found, err := Dir(dir)
	if err != nil || files != 2 || len(found) != 1 || found[0].Line != 2 {
		t.Fatalf("files %d, findings %v, err %v", files, found, err)
	}
}
