package zorgovereenkomst

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Service drafts, shares, signs and assesses agreements. Every method reads
// the acting party from the context and runs in a scoped transaction.
type Service struct {
	Pool *pgxpool.Pool
	Now  func() time.Time
}
