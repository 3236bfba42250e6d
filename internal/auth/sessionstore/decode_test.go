package sessionstore

import "testing"

// The decoded values of equal data are reused, but each caller gets a map of
// its own: changing one session's values in a request changes no other.
func TestDecodeCacheHandsOutCopies(t *testing.T) {
	data, err := encodeValues(map[any]any{"a": "1", "n": 2})
	if err != nil {
		t.Fatal(err)
	}
	var c decodeCache
	first, err := c.decode(data)
	if err != nil {
		t.Fatal(err)
	}
	first["a"] = "changed"
	delete(first, "n")
	second, err := c.decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if second["a"] != "1" || second["n"] != 2 || len(second) != 2 {
		t.Fatalf("second decode saw the first caller's changes: %v", second)
	}
	other, err := encodeValues(map[any]any{"a": "2"})
	if err != nil {
		t.Fatal(err)
	}
	third, err := c.decode(other)
	if err != nil {
		t.Fatal(err)
	}
	if third["a"] != "2" {
		t.Fatalf("other data decoded to %v", third)
	}
	if _, err := c.decode([]byte("not gob")); err == nil {
		t.Fatal("garbage decoded without error")
	}
	for i := 0; i < decodeCacheSize+10; i++ {
		d, _ := encodeValues(map[any]any{"i": i})
		if _, err := c.decode(d); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.m) > decodeCacheSize {
		t.Fatalf("cache grew to %d entries", len(c.m))
	}
}
