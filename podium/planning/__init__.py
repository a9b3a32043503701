"""Planning: the program over time. The calendar, importing posts from a CSV file, and cadence
(each executive's targets, reminders when behind, the Monday digest and their KPIs). It sits
above publishing and the blog, whose posts and articles it arranges and counts."""
