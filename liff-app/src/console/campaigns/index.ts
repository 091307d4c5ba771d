import './campaigns.css';
import { addStrings } from '../../i18n/index.ts';
import { campaignStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(campaignStrings);

export { BulkJobsPage } from './BulkJobsPage.tsx';
export { BundlesPage } from './BundlesPage.tsx';
export { CampaignFormPage } from './CampaignFormPage.tsx';
export { CampaignReportPage } from './CampaignReportPage.tsx';
export { CampaignsPage } from './CampaignsPage.tsx';
