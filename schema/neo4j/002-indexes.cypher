// Range indexes for the account filters and sort keys (AccountFilter, AccountSortKey).
// Applied by Neo4jAccountGraphStore.init() after 001-constraints.cypher.

// NAME sorts on nameSortKey (the name re-encoded so code-unit order is code-point order).
CREATE RANGE INDEX account_name_sort_key IF NOT EXISTS FOR (a:Account) ON (a.nameSortKey);
CREATE RANGE INDEX account_annual_revenue IF NOT EXISTS FOR (a:Account) ON (a.annualRevenue);
CREATE RANGE INDEX account_created_at IF NOT EXISTS FOR (a:Account) ON (a.createdAt);
CREATE RANGE INDEX account_renewal_date IF NOT EXISTS FOR (a:Account) ON (a.renewalDate);
CREATE RANGE INDEX account_licences_planned IF NOT EXISTS FOR (a:Account) ON (a.licencesPlanned);
CREATE RANGE INDEX account_segment IF NOT EXISTS FOR (a:Account) ON (a.segment);
CREATE RANGE INDEX account_status IF NOT EXISTS FOR (a:Account) ON (a.status);
CREATE RANGE INDEX account_region IF NOT EXISTS FOR (a:Account) ON (a.region);
CREATE RANGE INDEX account_industry IF NOT EXISTS FOR (a:Account) ON (a.industry);
CREATE RANGE INDEX account_owner_id IF NOT EXISTS FOR (a:Account) ON (a.ownerId);

// nameContains is `nameFolded CONTAINS $needle`: a text index answers CONTAINS
// without scanning every account.
CREATE TEXT INDEX account_name_folded IF NOT EXISTS FOR (a:Account) ON (a.nameFolded);

// Activity windows filter on date.
CREATE RANGE INDEX engagement_date IF NOT EXISTS FOR (e:Engagement) ON (e.date);
CREATE RANGE INDEX purchase_date IF NOT EXISTS FOR (p:Purchase) ON (p.date);
