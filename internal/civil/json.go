package civil

import (
	"encoding/json"
	"fmt"
)

// MarshalJSON writes d as "2006-01-02", or "" for the zero date, so stored
// documents (jsonb) hold dates PostgreSQL can cast.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.ISO()) }

// UnmarshalJSON reads "2006-01-02" or "" (the zero date).
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("civil: date must be a JSON string: %w", err)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
