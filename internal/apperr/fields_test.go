package apperr

import (
	"errors"
	"net/http"
	"testing"
)

func TestInvalid(t *testing.T) {
	one := Invalid("Controleer het formulier.", map[string]string{"iban": "Vul een geldig IBAN in."})
	code, msg := Classify(one)
	if code != http.StatusUnprocessableEntity || msg != "Vul een geldig IBAN in." {
		t.Fatalf("one field: %d %q", code, msg)
	}
	two := Invalid("Controleer het formulier.", map[string]string{"iban": "Vul een geldig IBAN in.", "jaar": "Vul het jaar in."})
	if _, msg := Classify(two); msg != "Controleer het formulier." {
		t.Fatalf("two fields: %q", msg)
	}
	if !errors.Is(two, ErrInvalid) {
		t.Fatal("errors.Is(ErrInvalid) does not hold")
	}
	var f Fields
	if !errors.As(two, &f) || f["jaar"] != "Vul het jaar in." || len(f) != 2 {
		t.Fatalf("errors.As: %v", f)
	}
	if got := f.Error(); got != "invalid iban, jaar" {
		t.Fatalf("Error() = %q (sorted field names, no messages)", got)
	}
}
