/** A feed the service polls. Health fields are filled by ingestion. */
export interface Feed {
  id: string;
  url: string;
  title: string;
  siteUrl: string | null;
  tags: string[];
  createdAt: Date;
  nextFetchAt: Date;
}
