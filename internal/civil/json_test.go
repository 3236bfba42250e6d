package civil

import (
	"encoding/json"
	"testing"
)

func TestJSONRoundTrip(t *testing.T) {
	type doc struct {
		D Date `json:"d"`
		Z Date `json:"z"`
	}
	in := doc{D: Date{2024, 2, 29}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"d":"2024-02-29","z":""}` {
		t.Fatalf("marshal: %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("unmarshal: %+v %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2023-02-29"}`), &out); err == nil {
		t.Fatal("impossible date accepted")
	}
}
