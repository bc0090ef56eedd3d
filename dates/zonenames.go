package dates

import (
	"strings"
	"time"

	"lifecycle/msg"
)

// displayZones maps the display names of time zones that some exports
// write instead of IANA names to the IANA zone. The names are Ruby on
// Rails' (ActiveSupport::TimeZone), which Square's sales exports write in
// their Time Zone column ("Eastern Time (US & Canada)"): those of the
// countries Square sells in, and the US and Canadian zones.
var displayZones = map[string]string{
	"Hawaii":                      "Pacific/Honolulu",
	"Alaska":                      "America/Juneau",
	"Pacific Time (US & Canada)":  "America/Los_Angeles",
	"Arizona":                     "America/Phoenix",
	"Mountain Time (US & Canada)": "America/Denver",
	"Central Time (US & Canada)":  "America/Chicago",
	"Saskatchewan":                "America/Regina",
	"Eastern Time (US & Canada)":  "America/New_York",
	"Indiana (East)":              "America/Indiana/Indianapolis",
	"Atlantic Time (Canada)":      "America/Halifax",
	"Newfoundland":                "America/St_Johns",
	"Puerto Rico":                 "America/Puerto_Rico",
	"London":                      "Europe/London",
	"Edinburgh":                   "Europe/London",
	"Dublin":                      "Europe/Dublin",
	"Paris":                       "Europe/Paris",
	"Madrid":                      "Europe/Madrid",
	"Tokyo":                       "Asia/Tokyo",
	"Osaka":                       "Asia/Tokyo",
	"Sapporo":                     "Asia/Tokyo",
	"Sydney":                      "Australia/Sydney",
	"Melbourne":                   "Australia/Melbourne",
	"Brisbane":                    "Australia/Brisbane",
	"Adelaide":                    "Australia/Adelaide",
	"Darwin":                      "Australia/Darwin",
	"Perth":                       "Australia/Perth",
	"Hobart":                      "Australia/Hobart",
	"UTC":                         "UTC",
}

// LoadZone returns the zone an export names: an IANA name
// ("America/New_York") or a display name of displayZones ("Eastern Time
// (US & Canada)").
func LoadZone(name string) (*Zone, error) {
	name = strings.TrimSpace(name)
	if iana, ok := displayZones[name]; ok {
		name = iana
	}
	if name == "" || name == "Local" {
		return nil, msg.Errorf("time zone %q: not a zone name", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, msg.Errorf("time zone %q: not an IANA zone nor a display name lifecycle knows (such as \"Eastern Time (US & Canada)\")", name)
	}
	return NewZone(loc), nil
}
