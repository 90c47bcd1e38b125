"""Reviews: the route a post takes to approval (steps, approvals bound to the content hash,
waivers, comments, client approval links) and the notifications around it."""
