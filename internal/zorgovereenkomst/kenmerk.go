package zorgovereenkomst

// Kenmerk is the reference of agreement id in berichten and documents: "ZO-000123".
func Kenmerk(id int64) string { return kenmerk(id) }
