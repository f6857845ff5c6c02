package demo

import "strings"

// The catalogue: the words the demo is made of. Real vendor names make the pages read like
// an IT department's books rather than a test fixture; everything that could reach a
// person (contact emails, phone numbers) is fictional: addresses end in .example and
// phone numbers come from the ranges set aside for drama.

// seedVendors are real-sounding IT vendors, one per line:
// name|reference prefix|category|area|currency|website host|products
// Products are separated by "; "; a product may name its own area after ">" when it is
// charged to another budget area than its vendor's (Azure is cloud, not collaboration).
// The first 40 make the small dataset, so they cover every category.
const seedVendors = `Microsoft|MS|software|collab|EUR|www.microsoft.com|Microsoft 365 E3; Microsoft 365 E5; Azure consumption commitment>cloud; Dynamics 365 Sales>crm; Power BI Pro>data; Visio Plan 2
Amazon Web Services|AWS|cloud|cloud|USD|aws.amazon.com|AWS Enterprise Support; AWS Savings Plan; Amazon EC2 Reserved Instances; Amazon S3 storage>storage
Cisco Systems|CSCO|hardware|network|EUR|www.cisco.com|Cisco SmartNet; Catalyst 9300 switches; Meraki MR access points; Webex Suite>collab; Duo MFA>security
Dell Technologies|DELL|hardware|laptop|EUR|www.dell.com|Latitude 7450 laptops; Dell ProSupport Plus; PowerEdge R760 servers>server; OptiPlex desktops
Salesforce|SF|software|crm|EUR|www.salesforce.com|Sales Cloud Enterprise; Service Cloud>crm; Slack Business+>collab; Tableau Creator>data
SAP|SAP|software|busapp|EUR|www.sap.com|SAP S/4HANA Cloud; SAP SuccessFactors>hr; SAP Concur>finance; SAP Enterprise Support
CrowdStrike|CRWD|software|security|USD|www.crowdstrike.com|Falcon Insight XDR; Falcon Complete MDR; Falcon Identity Protection
Vodafone Business|VF|telecom|mobile|EUR|www.vodafone.com|Mobile fleet contract; IoT SIM cards; Business broadband>wan
Accenture|ACN|services|consult|EUR|www.accenture.com|ERP programme support>busapp; Cloud migration services>cloud; Application management services>msp
Hays|HAYS|staff|staff|GBP|www.hays.co.uk|Contractor framework; Interim IT managers
Regus|IWG|other|facility|EUR|www.regus.com|Office lease — Floor 3; Meeting rooms; Virtual office
Atlassian|ATL|software|pm|USD|www.atlassian.com|Jira Software Cloud; Confluence Cloud; Jira Service Management>itsm
Adobe|ADBE|software|design|EUR|www.adobe.com|Adobe Creative Cloud; Adobe Acrobat Pro; Adobe Acrobat Sign>busapp
Google Cloud|GCP|cloud|cloud|EUR|cloud.google.com|Google Cloud committed use; Google Workspace Business Plus>collab; BigQuery>data
HP Inc.|HP|hardware|laptop|EUR|www.hp.com|EliteBook 840 laptops; HP Care Pack; LaserJet printers>print; HP Managed Print Services>print
Palo Alto Networks|PANW|hardware|security|USD|www.paloaltonetworks.com|PA-3400 firewalls; Prisma Access; Cortex XSIAM
Deutsche Telekom|DT|telecom|wan|EUR|www.telekom.com|MPLS WAN; Internet access — HQ; SIP trunks>voice; Mobile fleet contract>mobile
Capgemini|CAP|services|consult|EUR|www.capgemini.com|Service desk outsourcing>msp; Data platform project>data; Testing services>dev
Zoom|ZM|software|collab|USD|www.zoom.com|Zoom Workplace Business; Zoom Rooms; Zoom Phone>voice
Okta|OKTA|software|security|USD|www.okta.com|Okta Workforce Identity; Okta Adaptive MFA
Lenovo|LNV|hardware|laptop|EUR|www.lenovo.com|ThinkPad T14 laptops; ThinkPad X1 Carbon; Lenovo Premier Support
ServiceNow|NOW|software|itsm|USD|www.servicenow.com|ServiceNow ITSM Pro; ServiceNow HR Service Delivery>hr; ServiceNow ITOM>devops
Equinix|EQIX|other|facility|EUR|www.equinix.com|Colocation — rack 12; Equinix Fabric>wan; Cross connects
Randstad|RAND|staff|staff|EUR|www.randstad.com|IT contractors framework; Service desk temporary staff
Miro|MIRO|software|collab|USD|miro.com|Miro Business; Miro Enterprise
Veeam|VEEAM|software|backup|EUR|www.veeam.com|Veeam Data Platform; Veeam Backup for Microsoft 365
Orange Business|OBS|telecom|wan|EUR|www.orange-business.com|SD-WAN managed service; Internet access — Lyon; Mobile fleet contract>mobile
Sophos|SOPH|software|security|GBP|www.sophos.com|Sophos Intercept X Advanced; Sophos MDR; Sophos Firewall
Computacenter|CCC|services|msp|GBP|www.computacenter.com|Field services; Workplace services; Hardware resale>laptop
Workday|WDAY|software|hr|USD|www.workday.com|Workday HCM; Workday Financial Management>finance; Workday Adaptive Planning>finance
JetBrains|JB|software|dev|EUR|www.jetbrains.com|IntelliJ IDEA Ultimate; JetBrains All Products Pack; TeamCity Cloud>devops
GitHub|GH|software|dev|USD|github.com|GitHub Enterprise Cloud; GitHub Copilot Business; GitHub Advanced Security>security
Datadog|DDOG|software|devops|USD|www.datadoghq.com|Datadog Infrastructure; Datadog APM; Datadog Log Management
Apple|AAPL|hardware|laptop|EUR|www.apple.com|MacBook Pro 14; MacBook Air 13; iPhone 16>mobile; AppleCare for Enterprise
NetApp|NTAP|hardware|storage|EUR|www.netapp.com|AFF A400 storage; NetApp SupportEdge; Cloud Volumes ONTAP>cloud
Deloitte|DEL|services|consult|EUR|www.deloitte.com|Security assessment>security; IT audit; Finance transformation advisory>finance
Iron Mountain|IRM|other|facility|EUR|www.ironmountain.com|Records storage; Secure shredding; Media vaulting>backup
Cloudflare|CF|cloud|cloud|USD|www.cloudflare.com|Cloudflare Enterprise; Cloudflare Zero Trust>security; Cloudflare Magic Transit>network
DocuSign|DOCU|software|busapp|USD|www.docusign.com|DocuSign eSignature Business Pro; DocuSign CLM
BT Business|BT|telecom|voice|GBP|business.bt.com|SIP trunks; Internet access — Manchester>wan; Mobile fleet contract>mobile
Oracle|ORCL|software|busapp|USD|www.oracle.com|Oracle Database Enterprise Edition; Oracle Cloud Infrastructure>cloud; Java SE Universal Subscription>dev
Snowflake|SNOW|software|data|USD|www.snowflake.com|Snowflake capacity commitment; Snowflake Enterprise Edition
Databricks|DBX|software|data|USD|www.databricks.com|Databricks committed use; Databricks SQL
Splunk|SPLK|software|security|USD|www.splunk.com|Splunk Enterprise Security; Splunk Cloud Platform>devops
Elastic|ESTC|software|devops|EUR|www.elastic.co|Elastic Cloud Enterprise; Elastic Security>security
PagerDuty|PD|software|devops|USD|www.pagerduty.com|PagerDuty Business; PagerDuty AIOps
Zscaler|ZS|software|security|USD|www.zscaler.com|Zscaler Internet Access; Zscaler Private Access
Fortinet|FTNT|hardware|security|EUR|www.fortinet.com|FortiGate 200F firewalls; FortiCare Premium; FortiEDR
SentinelOne|S1|software|security|USD|www.sentinelone.com|Singularity Complete; Vigilance MDR
Proofpoint|PFPT|software|security|USD|www.proofpoint.com|Proofpoint Email Protection; Proofpoint Security Awareness
Mimecast|MIME|software|security|GBP|www.mimecast.com|Mimecast Email Security; Mimecast Archive
KnowBe4|KB4|services|security|USD|www.knowbe4.com|KnowBe4 Security Awareness Training; KnowBe4 PhishER
Darktrace|DARK|software|security|GBP|www.darktrace.com|Darktrace Enterprise Immune System; Darktrace Email
Rubrik|RBRK|software|backup|USD|www.rubrik.com|Rubrik Security Cloud; Rubrik appliances>storage
Commvault|CVLT|software|backup|EUR|www.commvault.com|Commvault Complete Data Protection; Metallic SaaS backup
Broadcom VMware|VMW|software|server|USD|www.vmware.com|VMware Cloud Foundation; VMware vSphere Foundation
Red Hat|RHT|software|server|EUR|www.redhat.com|Red Hat Enterprise Linux; Red Hat OpenShift>devops; Red Hat Ansible Automation Platform>devops
Citrix|CTXS|software|server|USD|www.citrix.com|Citrix DaaS; NetScaler ADC>network
TeamViewer|TV|software|itsm|EUR|www.teamviewer.com|TeamViewer Tensor; TeamViewer Remote Business
Autodesk|ADSK|software|design|EUR|www.autodesk.com|AutoCAD; Autodesk AEC Collection
Figma|FIG|software|design|USD|www.figma.com|Figma Organization; FigJam
Notion|NOTN|software|pm|USD|www.notion.com|Notion Business; Notion Enterprise
Asana|ASAN|software|pm|USD|asana.com|Asana Business; Asana Enterprise
monday.com|MNDY|software|pm|USD|monday.com|monday work management; monday CRM>crm
Zendesk|ZEN|software|crm|EUR|www.zendesk.com|Zendesk Suite Professional; Zendesk Talk>voice
HubSpot|HUBS|software|crm|EUR|www.hubspot.com|HubSpot Marketing Hub Professional; HubSpot Sales Hub
Freshworks|FRSH|software|itsm|EUR|www.freshworks.com|Freshservice Pro; Freshdesk>crm
Box|BOX|software|collab|USD|www.box.com|Box Enterprise Plus; Box Shield>security
Dropbox|DRBX|software|collab|USD|www.dropbox.com|Dropbox Business Advanced; Dropbox Sign>busapp
Personio|PERS|software|hr|EUR|www.personio.com|Personio HR suite; Personio Payroll
Celonis|CELO|software|data|EUR|www.celonis.com|Celonis Process Intelligence
Sage|SGE|software|finance|GBP|www.sage.com|Sage Intacct; Sage Payroll>hr
Juniper Networks|JNPR|hardware|network|EUR|www.juniper.net|Juniper Care; Mist Wi-Fi access points; SRX firewalls>security
Hewlett Packard Enterprise|HPE|hardware|server|EUR|www.hpe.com|ProLiant DL380 servers; HPE Pointnext Tech Care; HPE GreenLake>cloud; Aruba CX switches>network
Ubiquiti|UBNT|hardware|network|USD|www.ui.com|UniFi access points; UniFi switches
Pure Storage|PSTG|hardware|storage|EUR|www.purestorage.com|FlashArray//X; Evergreen//One subscription
Logitech|LOGI|hardware|laptop|EUR|www.logitech.com|Rally Bar meeting kits>collab; MX Keys keyboards; Zone headsets
Samsung Electronics|SMSG|hardware|mobile|EUR|www.samsung.com|Galaxy S25 smartphones; Galaxy Tab tablets>laptop; ViewFinity monitors>laptop
Jabra|JAB|hardware|laptop|EUR|www.jabra.com|Evolve2 headsets; PanaCast cameras>collab
Schneider Electric|SE|hardware|facility|EUR|www.se.com|APC Smart-UPS; EcoStruxure IT; UPS maintenance
Zebra Technologies|ZBRA|hardware|laptop|USD|www.zebra.com|Handheld scanners; Label printers>print
Verizon Business|VZ|telecom|wan|USD|www.verizon.com|Global MPLS network; Managed SD-WAN
Colt Technology Services|COLT|telecom|wan|GBP|www.colt.net|Dedicated internet access; Wavelength — London to Frankfurt
Telefónica Tech|TEF|telecom|mobile|EUR|www.telefonicatech.com|Mobile fleet contract; Managed security services>security
Twilio|TWLO|telecom|voice|USD|www.twilio.com|Twilio messaging; Twilio Flex
RingCentral|RNG|telecom|voice|USD|www.ringcentral.com|RingCentral MVP; RingCentral Contact Center
OVHcloud|OVH|cloud|cloud|EUR|www.ovhcloud.com|Bare metal servers; Public Cloud; Hosted Private Cloud
Hetzner|HTZ|cloud|cloud|EUR|www.hetzner.com|Dedicated servers; Cloud servers; Storage Box>storage
IONOS|IONOS|cloud|cloud|EUR|www.ionos.com|IONOS Cloud; Domains and certificates>security
Scaleway|SCW|cloud|cloud|EUR|www.scaleway.com|Scaleway Instances; Object Storage>storage
DigitalOcean|DO|cloud|cloud|USD|www.digitalocean.com|Droplets; Managed Databases
Akamai|AKAM|cloud|cloud|USD|www.akamai.com|Akamai CDN; Akamai App & API Protector>security
Fastly|FSLY|cloud|cloud|USD|www.fastly.com|Fastly CDN; Fastly Next-Gen WAF>security
Atos|ATO|services|msp|EUR|atos.net|Data centre operations; Mainframe support>server
Sopra Steria|SOP|services|consult|EUR|www.soprasteria.com|Application maintenance>msp; Digital workplace services>msp
CGI|CGI|services|consult|EUR|www.cgi.com|Managed IT services>msp; SAP consulting>busapp
KPMG|KPMG|services|consult|EUR|kpmg.com|IT audit support; Cyber maturity assessment>security
PwC|PWC|services|consult|EUR|www.pwc.com|ERP selection advisory>busapp; Controls testing
EY|EY|services|consult|EUR|www.ey.com|Technology risk advisory; Tax technology project>finance
Bechtle|BEC|services|msp|EUR|www.bechtle.com|Hardware resale>laptop; Microsoft licence reseller>collab; Device lifecycle services>laptop
SoftwareOne|SWON|services|msp|EUR|www.softwareone.com|Licence management services>itsm; Cloud cost optimisation>cloud
Cancom|CAN|services|msp|EUR|www.cancom.com|Managed workplace; Network rollout>network
Insight Enterprises|NSIT|services|msp|USD|www.insight.com|Software reseller>busapp; Hardware resale>laptop
CDW|CDW|services|msp|GBP|www.cdw.co.uk|Hardware resale>laptop; Managed print>print
Kyndryl|KD|services|msp|USD|www.kyndryl.com|Infrastructure managed services>server; Resiliency services>backup
Infosys|INFY|services|consult|USD|www.infosys.com|Application development>dev; Testing centre of excellence>dev
Tata Consultancy Services|TCS|services|consult|USD|www.tcs.com|Application support>msp; Offshore development centre>staff
Wipro|WIT|services|consult|USD|www.wipro.com|Cloud operations>cloud; Service desk>msp
Cognizant|CTSH|services|consult|USD|www.cognizant.com|Digital engineering>dev; Quality engineering>dev
Adecco|ADEN|staff|staff|EUR|www.adecco.com|IT contractors framework; Temporary helpdesk staff
Robert Half|RHI|staff|staff|USD|www.roberthalf.com|Technology contractors; Interim finance systems lead
Michael Page|PAGE|staff|staff|GBP|www.michaelpage.co.uk|Interim project managers; Contract developers
WeWork|WE|other|facility|EUR|www.wework.com|Office lease — Amsterdam; Hot desks — Berlin
Digital Realty|DLR|other|facility|EUR|www.digitalrealty.com|Colocation — cage 4; Power and cooling
ISS Facility Services|ISS|other|facility|EUR|www.issworld.com|Cleaning services — HQ; Facility management
Ricoh|RICOH|hardware|print|EUR|www.ricoh.com|Managed print services; Multifunction printer lease
Xerox|XRX|hardware|print|USD|www.xerox.com|Xerox managed print; AltaLink printers
Canon|CAJ|hardware|print|EUR|www.canon.com|imageRUNNER ADVANCE lease; uniFLOW Online
Mitel|MITL|telecom|voice|GBP|www.mitel.com|MiVoice Business; Mitel maintenance
8x8|EGHT|telecom|voice|USD|www.8x8.com|8x8 X Series; 8x8 Contact Center
Genesys|GNSY|telecom|voice|USD|www.genesys.com|Genesys Cloud CX 3
Five9|FIVN|telecom|voice|USD|www.five9.com|Five9 Intelligent CX Platform
Qlik|QLIK|software|data|EUR|www.qlik.com|Qlik Sense Enterprise; Qlik Talend Cloud
Informatica|INFA|software|data|USD|www.informatica.com|Informatica IDMC; PowerCenter support
MongoDB|MDB|software|dev|USD|www.mongodb.com|MongoDB Atlas>cloud; MongoDB Enterprise Advanced
Confluent|CFLT|software|data|USD|www.confluent.io|Confluent Cloud; Confluent Platform
HashiCorp|HCP|software|devops|USD|www.hashicorp.com|Terraform Cloud; Vault Enterprise>security
GitLab|GTLB|software|dev|USD|about.gitlab.com|GitLab Ultimate; GitLab Premium
Postman|PSTM|software|dev|USD|www.postman.com|Postman Enterprise
SmartBear|SBR|software|dev|USD|smartbear.com|TestComplete; SwaggerHub
Tricentis|TRIC|software|dev|EUR|www.tricentis.com|Tosca; qTest
GoTo|GOTO|software|itsm|USD|www.goto.com|GoTo Resolve; GoTo Connect>voice
Jamf|JAMF|software|itsm|USD|www.jamf.com|Jamf Pro; Jamf Protect>security
Ivanti|IVAN|software|itsm|USD|www.ivanti.com|Ivanti Neurons for ITSM; Ivanti Connect Secure>security
Flexera|FLXR|software|itsm|USD|www.flexera.com|Flexera One; FlexNet Manager
Smartsheet|SMAR|software|pm|USD|www.smartsheet.com|Smartsheet Enterprise
Lucid Software|LUCID|software|design|USD|lucid.co|Lucidchart Enterprise; Lucidspark
Qualys|QLYS|software|security|USD|www.qualys.com|Qualys VMDR; Qualys WAS
Tenable|TENB|software|security|USD|www.tenable.com|Tenable One; Nessus Professional
CyberArk|CYBR|software|security|USD|www.cyberark.com|CyberArk Privilege Cloud; CyberArk Endpoint Privilege Manager
DigiCert|DIGI|software|security|USD|www.digicert.com|DigiCert CertCentral; Code signing certificates
Trend Micro|TMIC|software|security|EUR|www.trendmicro.com|Trend Vision One; Deep Security
1Password|1PW|software|security|USD|1password.com|1Password Business
Coursera|COUR|software|hr|USD|www.coursera.org|Coursera for Business
LinkedIn|LNKD|software|hr|USD|business.linkedin.com|LinkedIn Learning; LinkedIn Recruiter
Xero|XRO|software|finance|GBP|www.xero.com|Xero Established
Coupa|COUP|software|finance|USD|www.coupa.com|Coupa Procurement; Coupa Expenses
Kyriba|KYR|software|finance|EUR|www.kyriba.com|Kyriba Treasury
Bitdefender|BITD|software|security|EUR|www.bitdefender.com|GravityZone Business Security
ESET|ESET|software|security|EUR|www.eset.com|ESET PROTECT Complete
Vonage|VG|telecom|voice|USD|www.vonage.com|Vonage Business Communications
Lumen Technologies|LUMN|telecom|wan|USD|www.lumen.com|Lumen Internet On-Demand; Lumen Private Connectivity
Swisscom|SCMN|telecom|wan|EUR|www.swisscom.ch|Enterprise Connect; Mobile fleet contract>mobile
Telia|TELIA|telecom|mobile|EUR|www.telia.com|Mobile fleet contract; Telia Operator Connect>voice
KPN|KPN|telecom|wan|EUR|www.kpn.com|KPN EEN MKB; Internet access — Amsterdam
Proximus|PROX|telecom|mobile|EUR|www.proximus.be|Mobile fleet contract; Explore fibre>wan`

// fakePrefixes and fakeStems make up the vendors beyond the seed list: every
// combination is a plausible company name, and shuffling them gives as many as the
// large dataset needs without two names alike.
var fakePrefixes = strings.Fields(`Northwind Bluepeak Brightwave Cobaltline Evergreen Silverbirch Redwood Ironbridge
	Clearwater Highfield Polarline Nimbusway Stratafy Quantiva Vertexa Aperio Helixon Lumora Kestrel Falconridge
	Harbourside Oakhurst Pinecrest Riverstone Stonegate Tidewater Westbrook Ashford Blackthorn Copperleaf Driftwood
	Elmstead Foxglove Greyhaven Hollowmere Kingsbridge Larkspur Meridian Nettlefield Orchardly Primrose Quarryhill
	Rosewood Saltmarsh Thornbury Upland Valemont Wrenfield Yarrow Zephyra Alderway Bramblecote Cedarline Dunmore
	Eastgate Fernhill Glenview Ivybridge Jadeport Lindenhof Moorland Norrland Ostwind Parkside Rheinblick Seeberg
	Talbach Uhlenhorst Vierkant Waldhaus Alpenglow Borealis Castellan Deltaform Equinoxa Fjordline Graniteview
	Horizonte Isarwerk Lagunaria Mistralis Nordlicht Oriel Solvista Tramontana Umbria Vantaggio Wyvern Xantara
	Ystad Zinnober Amberley Brookfield Calder Dovetail`)

// fakeStem is the second word of a made-up vendor's name and what it says about the
// vendor: its category and budget area.
type fakeStem struct{ word, category, area string }

var fakeStems = []fakeStem{
	{"Software", "software", "busapp"}, {"Analytics", "software", "data"}, {"Security", "software", "security"},
	{"Cyber Defence", "software", "security"}, {"Data", "software", "data"}, {"Apps", "software", "busapp"},
	{"Labs", "software", "dev"}, {"Learning", "software", "hr"}, {"Workflow", "software", "itsm"},
	{"Collaboration", "software", "collab"}, {"Design", "software", "design"}, {"Finance Systems", "software", "finance"},
	{"Cloud", "cloud", "cloud"}, {"Hosting", "cloud", "cloud"}, {"Cloud Storage", "cloud", "storage"},
	{"Networks", "hardware", "network"}, {"Systems", "hardware", "server"}, {"Devices", "hardware", "laptop"},
	{"Storage", "hardware", "storage"}, {"Print Solutions", "hardware", "print"},
	{"Telecom", "telecom", "wan"}, {"Communications", "telecom", "voice"}, {"Mobile", "telecom", "mobile"},
	{"Fibre", "telecom", "wan"},
	{"Consulting", "services", "consult"}, {"IT Services", "services", "msp"}, {"Digital", "services", "consult"},
	{"Managed Services", "services", "msp"}, {"Advisory", "services", "consult"}, {"Partners", "services", "consult"},
	{"Support Services", "services", "msp"}, {"Training", "services", "consult"},
	{"Staffing", "staff", "staff"}, {"Talent", "staff", "staff"},
	{"Facilities", "other", "facility"}, {"Properties", "other", "facility"}, {"Office Solutions", "other", "facility"},
}

// legalSuffixes by currency: where a made-up vendor is registered shows in its name
// and in the currency it invoices in.
var legalSuffixes = map[string][]string{
	"EUR": {"GmbH", "SAS", "BV", "AB", "Oy", "S.p.A.", "S.L.", "AG", "NV", "A/S", ""},
	"GBP": {"Ltd", "PLC", "Ltd", ""},
	"USD": {"Inc.", "LLC", "Corp.", ""},
}

// genericProducts are the products of made-up vendors by area; {S} is the vendor's
// short name, {n} a number, {site} a site, {dept} a department, {role} a role.
var genericProducts = map[string][]string{
	"cloud":    {"{S} Cloud Hosting", "{S} Managed Kubernetes", "{S} Virtual Private Cloud"},
	"storage":  {"{S} storage array", "{S} Cloud Backup", "{S} Object Storage"},
	"backup":   {"{S} Backup", "{S} Disaster Recovery"},
	"network":  {"{S} core switching", "{S} Wi-Fi access points", "{S} network support"},
	"server":   {"{S} server maintenance", "{S} hyperconverged cluster"},
	"laptop":   {"{S} laptops", "{S} docking stations", "{S} device lifecycle service"},
	"print":    {"{S} managed print service", "{S} multifunction printers"},
	"collab":   {"{S} Workspace", "{S} Meeting Rooms", "{S} Intranet"},
	"busapp":   {"{S} Suite", "{S} Platform", "{S} Cloud"},
	"crm":      {"{S} CRM", "{S} Customer Service Cloud"},
	"data":     {"{S} Analytics Cloud", "{S} Data Platform"},
	"security": {"{S} Endpoint Protection", "{S} Managed SOC", "{S} Vulnerability Scanner"},
	"hr":       {"{S} HR Cloud", "{S} Learning Platform"},
	"itsm":     {"{S} Service Desk", "{S} Workflow Automation"},
	"design":   {"{S} Design Studio"},
	"finance":  {"{S} Finance Cloud", "{S} Expenses"},
	"dev":      {"{S} Developer Platform", "{S} Test Automation"},
	"devops":   {"{S} Monitoring", "{S} Observability"},
	"pm":       {"{S} Projects", "{S} Portfolio Management"},
	"wan":      {"MPLS WAN — {n} sites", "Internet access — {site}", "Dark fibre — {site}"},
	"voice":    {"SIP trunks", "Contact centre platform", "Fixed lines — {site}"},
	"mobile":   {"Mobile fleet contract", "Data SIM cards"},
	"consult":  {"Consulting framework", "{dept} transformation programme", "IT strategy review"},
	"msp":      {"Managed IT services", "Service desk — {site}", "Application support"},
	"staff":    {"Contractor framework", "Interim {role}"},
	"facility": {"Office lease — Floor {n}", "Office lease — {site}", "Cleaning services — {site}", "Colocation — rack {n}"},
}

// areaFallback names the area to charge when a dataset has no budget code for an area
// (the small one has ten codes): CRM spend goes to business applications, and so on.
var areaFallback = map[string]string{
	"crm": "busapp", "hr": "busapp", "finance": "busapp", "data": "busapp", "itsm": "busapp", "dev": "busapp",
	"design": "collab", "pm": "collab", "devops": "cloud", "storage": "cloud", "backup": "cloud",
	"server": "network", "print": "laptop", "wan": "mobile", "voice": "mobile", "msp": "consult",
}

// codeSpec is one budget line code: stable from year to year.
type codeSpec struct {
	code, name, category, area, expenseType string
}

// budgetCodes are the budget line codes; the first ten make the small dataset, all of
// them the large one. One per line: code|name|category|area|expense type.
const budgetCodes = `INF-CLOUD|Public cloud (IaaS and PaaS)|cloud|cloud|opex
INF-NET|Corporate network|hardware|network|opex
HW-LAPTOP|Laptops and notebooks|hardware|laptop|capex
SW-COLLAB|Collaboration and office suite|software|collab|opex
SW-BUSAPP|Business applications|software|busapp|opex
SEC-EDR|Endpoint detection and response|software|security|opex
TEL-MOBILE|Mobile phones and plans|telecom|mobile|opex
SVC-CONSULT|IT consulting|services|consult|opex
STAFF-CONTRACT|IT contractors|staff|staff|opex
FAC-LEASE|Office and data centre leases|other|facility|opex
INF-CLOUD-DR|Cloud disaster recovery|cloud|cloud|opex
INF-CDN|CDN and edge|cloud|cloud|opex
INF-K8S|Container platform|cloud|cloud|opex
INF-DBAAS|Managed databases|cloud|cloud|opex
INF-OBJSTORE|Object storage|cloud|storage|opex
INF-DC|Data centre colocation|other|facility|opex
INF-DC-POWER|Data centre power and cooling|other|facility|opex
INF-STORAGE|Storage arrays|hardware|storage|capex
INF-BACKUP|Backup and recovery|software|backup|opex
INF-VIRT|Virtualisation|software|server|opex
INF-SERVER|Servers|hardware|server|capex
INF-NET-WIFI|Wi-Fi|hardware|network|capex
INF-NET-LAN|LAN switching|hardware|network|capex
INF-NET-FW|Firewalls|hardware|security|capex
INF-MONITOR|Monitoring and observability|software|devops|opex
INF-PRINT|Printing|hardware|print|opex
INF-UPS|UPS and power|hardware|facility|capex
INF-IPAM|DNS, DHCP and IP address management|software|network|opex
INF-LOGS|Log management|software|devops|opex
INF-AUTOMATION|Infrastructure automation|software|devops|opex
SW-OFFICE|Office licences|software|collab|opex
SW-MAIL|Email|software|collab|opex
SW-VIDEO|Video conferencing|software|collab|opex
SW-CHAT|Team chat|software|collab|opex
SW-INTRANET|Intranet|software|collab|opex
SW-DOCS|Document management|software|collab|opex
SW-ESIGN|Electronic signature|software|busapp|opex
SW-ERP|ERP|software|busapp|opex
SW-CRM|CRM|software|crm|opex
SW-HRIS|HR information system|software|hr|opex
SW-PAYROLL|Payroll software|software|hr|opex
SW-LMS|Learning platform|software|hr|opex
SW-RECRUIT|Recruiting software|software|hr|opex
SW-FIN|Finance and accounting software|software|finance|opex
SW-EXPENSE|Expense management|software|finance|opex
SW-PROCURE|Procurement software|software|finance|opex
SW-TREASURY|Treasury software|software|finance|opex
SW-BI|Business intelligence|software|data|opex
SW-DWH|Data warehouse|software|data|opex
SW-ETL|Data integration|software|data|opex
SW-ANALYTICS|Web and product analytics|software|data|opex
SW-DEV|Developer tools|software|dev|opex
SW-DEVOPS|CI/CD and source control|software|dev|opex
SW-TEST|Testing tools|software|dev|opex
SW-API|API management|software|dev|opex
SW-DESIGN|Design tools|software|design|opex
SW-CAD|CAD and engineering|software|design|capex
SW-ITSM|IT service management|software|itsm|opex
SW-ASSET|IT asset management|software|itsm|opex
SW-REMOTE|Remote support|software|itsm|opex
SW-PM|Project management|software|pm|opex
SW-WIKI|Knowledge base|software|pm|opex
SW-MARKETING|Marketing automation|software|crm|opex
SW-SUPPORT|Customer support software|software|crm|opex
SW-LEGAL|Legal and contract software|software|busapp|opex
SW-GRC|Governance, risk and compliance|software|security|opex
SW-MDM|Mobile device management|software|itsm|opex
SEC-SIEM|SIEM and SOC|software|security|opex
SEC-IAM|Identity and access management|software|security|opex
SEC-PAM|Privileged access management|software|security|opex
SEC-MFA|Multi-factor authentication|software|security|opex
SEC-MAIL|Email security|software|security|opex
SEC-WEB|Secure web gateway|software|security|opex
SEC-VULN|Vulnerability management|software|security|opex
SEC-PENTEST|Penetration testing|services|security|opex
SEC-AWARE|Security awareness training|services|security|opex
SEC-DLP|Data loss prevention|software|security|opex
SEC-CERT|Certificates|software|security|opex
SEC-MDR|Managed detection and response|services|security|opex
TEL-WAN|WAN circuits|telecom|wan|opex
TEL-SDWAN|SD-WAN|telecom|wan|opex
TEL-INET|Internet access|telecom|wan|opex
TEL-VOICE|Fixed voice and SIP|telecom|voice|opex
TEL-CC|Contact centre|telecom|voice|opex
TEL-SMS|SMS and messaging|telecom|voice|opex
TEL-ROAM|Roaming|telecom|mobile|opex
HW-DESKTOP|Desktops and workstations|hardware|laptop|capex
HW-MONITOR|Monitors and docking|hardware|laptop|capex
HW-PHONE|Smartphones|hardware|mobile|capex
HW-TABLET|Tablets|hardware|laptop|capex
HW-PERIPH|Peripherals and headsets|hardware|laptop|opex
HW-AV|Meeting room audio-visual|hardware|collab|capex
HW-MAINT|Hardware maintenance|hardware|server|opex
SVC-MSP|Managed services|services|msp|opex
SVC-DESK|Service desk outsourcing|services|msp|opex
SVC-DEV|Software development services|services|dev|opex
SVC-AUDIT|IT audit|services|consult|opex
SVC-TRAIN|IT training|services|consult|opex
STAFF-INTERIM|Interim managers|staff|staff|opex
FAC-ARCHIVE|Records storage and shredding|other|facility|opex`

// people own contracts, licences and budget lines: ~20 colleagues of the demo
// organisation. Their addresses are at demo.example, like the users'.
var people = []string{
	"anna.schmidt", "ben.carter", "chloe.martin", "david.okafor", "elena.rossi", "farid.haddad", "grace.lee",
	"hugo.dubois", "ines.garcia", "jonas.berg", "kate.murphy", "liam.oconnor", "maria.silva", "nina.kowalski",
	"omar.siddiqui", "paula.jensen", "quentin.moreau", "rita.novak", "sven.larsen", "tara.singh",
}

// firstNames and lastNames name the vendors' account managers.
var (
	firstNames = strings.Fields(`James Olivia Lukas Sophie Mateo Emma Noah Mia Leon Hannah Louis Chiara Arthur Julia
		Finn Sara Oscar Lena Hugo Alice Paul Nora Jan Eva Tom Clara Max Ida Sam Zoe`)
	lastNames = strings.Fields(`Walker Bauer Rossi Dubois Jansen Novak Fischer Moreau Kowalski Lindqvist Murphy Silva
		Becker Laurent Visser Nielsen Costa Weber Horvat Evans Schneider Petit Bianchi Olsen Keller Fontaine`)
)

// Words for titles, descriptions and notes.
var (
	sites       = []string{"HQ", "Berlin", "Lyon", "Manchester", "Madrid", "Milan", "Amsterdam", "Warsaw", "Dublin", "Vienna", "Stockholm", "Brussels"}
	departments = []string{"Finance", "Sales", "Marketing", "Engineering", "HR", "Operations", "Customer Service", "Legal", "Group IT", "Procurement"}
	roles       = []string{"project manager", "service delivery manager", "SAP architect", "security officer", "network engineer"}

	contractNotes = []string{
		"Price protected until the end of the current term.",
		"Includes 24×7 support with a four-hour response time.",
		"Co-termed with the other agreements of this vendor.",
		"Invoices go to the shared accounts payable mailbox.",
		"Volume discount of 12 % against list price.",
		"Renewal quote usually arrives six weeks before the notice date.",
		"Framework agreement; call-offs are invoiced separately.",
		"Auto-renews for the same term unless cancelled in writing.",
	}
	contractJustifications = []string{
		"Needed by %s; replaces a tool retired last year.",
		"Business-critical for %s; no practical alternative without a migration project.",
		"Consolidates three smaller agreements held by %s.",
		"Required for regulatory reporting in %s.",
		"Standard tooling for %s; usage reviewed every renewal.",
	}
	decisionNotes = map[string][]string{
		"renew": {
			"Usage reviewed with the team; renewing at the quoted price.",
			"Renewal approved in the quarterly budget review.",
			"Renewing for one more term while the replacement is evaluated.",
		},
		"renegotiate": {
			"Asked for a 10 % discount and a 24-month term; waiting for the quote.",
			"Seat count too high: negotiating a reduction before renewal.",
			"Comparing two competing offers before deciding.",
		},
		"cancel": {
			"Replaced by the group-wide agreement; notice sent to the account manager.",
			"Tool no longer used since the reorganisation; cancelled in writing.",
			"Moving to another vendor at the end of the term.",
		},
	}
	vendorNotes = []string{
		"Preferred supplier under the 2024–2027 framework agreement.",
		"Quarterly business review with the account team.",
		"Bank details changed last year; check invoices carefully.",
		"Signed the data processing agreement and the security annex.",
		"Escalate support cases through the partner portal.",
	}
	licenceNotes = []string{
		"True-up due at the anniversary date.",
		"Seats reassigned after the reorganisation.",
		"Includes premium support.",
		"Named users; review leavers monthly.",
	}
	creditReasons = []string{"service credit for an outage", "seats returned", "price correction", "duplicate charge", "early termination of a module"}
)
