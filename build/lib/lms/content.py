"""Source content for the LAUNCH! programme: the ten CSIS standards and the demo modules."""

# ruff: noqa: E501  (long prose strings are clearer unwrapped in a content file)
# Pure data: no Django imports. Used by the standards data migration and by ``seed_demo``.
# Rich-text values use only <h2>, <h3>, <p>, <ul>, <ol>, <li>, <strong>, <em> and <a href>.
# Practice-task instructions and in-person agendas avoid headings (their editors allow none).

STANDARDS: list[dict] = [
    {
        "number": 1,
        "code": "CSIS-1",
        "name": "Analyze and Apply Critical Judgement",
        "description": (
            "Examines several sources of evidence about school performance, separates "
            "symptoms from causes, and uses sound reasoning to decide where improvement "
            "effort will make the most difference for students."
        ),
        "indicators": [
            "Uses more than one kind of data (student learning, perception, school process and demographic) before drawing conclusions.",
            "Separates what the data show from interpretations of the data and tests assumptions against evidence.",
            "Uses a structured root-cause method, such as a fishbone diagram or the 5 Whys, to move from symptoms to causes the school can influence.",
            "Prioritises problems by their likely effect on students and by the school's capacity to act on them.",
            "States the limits of the available data and what is not yet known.",
        ],
        "rubric": {
            "not_yet": "Draws conclusions from a single data source or from opinion, and moves straight from a problem to a solution without analysing causes.",
            "developing": "Uses several data sources and a root-cause tool, but the analysis stays at the level of symptoms or lands on causes outside the school's control.",
            "proficient": "Triangulates data, identifies root causes the school can act on, and justifies priorities with evidence and clear reasoning.",
            "exemplary": "Teaches others to analyse data critically, challenges assumptions constructively, and revisits the diagnosis as new evidence emerges.",
        },
    },
    {
        "number": 2,
        "code": "CSIS-2",
        "name": "Facilitate Deriving Meaning and Engagement",
        "description": (
            "Helps educators and stakeholders make sense of data and experience together, "
            "so that they own the conclusions and commit to acting on them."
        ),
        "indicators": [
            "Uses structured protocols, such as predict-observe-infer data dialogues, so that every voice is heard.",
            "Asks open questions that move groups from describing data to interpreting it and deciding what to do.",
            "Surfaces and records differing interpretations without judging them.",
            "Connects data to teachers' daily work and to the students behind the numbers.",
            "Checks for shared understanding and commitment before a group moves on.",
        ],
        "rubric": {
            "not_yet": "Presents data and conclusions to groups instead of facilitating; participation is limited to a few voices.",
            "developing": "Uses protocols, but groups often stop at description or defer to the facilitator's interpretation.",
            "proficient": "Guides groups through description, interpretation and implications so that participants state conclusions and next steps in their own words.",
            "exemplary": "Adapts protocols to the group in the moment, turns conflict into productive inquiry, and leaves staff able to run data conversations themselves.",
        },
    },
    {
        "number": 3,
        "code": "CSIS-3",
        "name": "Focus on Systemic Factors",
        "description": (
            "Looks beyond individual classrooms and people to the structures, policies, "
            "processes and resources that shape performance, and aligns improvement work "
            "with them."
        ),
        "indicators": [
            "Maps how curriculum, assessment, schedules, staffing, leadership and family engagement interact to produce current results.",
            "Identifies policies or processes that work against the intended improvement.",
            "Considers the effect of a proposed change on other parts of the system before recommending it.",
            "Aligns school plans with district and state priorities and requirements.",
            "Avoids blaming individuals for problems that the system produces.",
        ],
        "rubric": {
            "not_yet": "Treats problems as isolated events or individual failings and proposes fixes that ignore related structures.",
            "developing": "Names some systemic factors, but plans still address them one at a time without regard to how they interact.",
            "proficient": "Analyses how parts of the system interact and designs improvement work that addresses structures, processes and resources together.",
            "exemplary": "Helps leaders redesign systems for coherence and anticipates downstream effects across the school and district.",
        },
    },
    {
        "number": 4,
        "code": "CSIS-4",
        "name": "Plan and Record",
        "description": (
            "Turns priorities into clear, measurable plans with owners, timelines and "
            "success measures, and keeps accurate records of decisions, actions and results."
        ),
        "indicators": [
            "Develops a theory of action or logic model that links activities to changes in educator practice and student outcomes.",
            "Writes action steps with a named owner, a due date, the resources needed and evidence of completion.",
            "Sets measurable goals with baseline data and interim benchmarks.",
            "Keeps meeting notes, decision logs and implementation records that others can follow.",
            "Revises plans when monitoring data call for it and records the reason for the change.",
        ],
        "rubric": {
            "not_yet": "Plans are lists of activities without owners, dates or measures; records are incomplete or exist only in the facilitator's memory.",
            "developing": "Plans include owners and dates, but goals lack baselines or benchmarks and records are kept inconsistently.",
            "proficient": "Plans connect actions to measurable outcomes with owners, timelines and benchmarks, and records document decisions and progress reliably.",
            "exemplary": "The school team uses the plan and records as living tools, and the facilitator's documentation serves as a model for others.",
        },
    },
    {
        "number": 5,
        "code": "CSIS-5",
        "name": "Organize and Manage Effort and Resources",
        "description": (
            "Secures and coordinates the time, people, money and materials the improvement "
            "effort needs, and manages the work so it stays on track without overloading staff."
        ),
        "indicators": [
            "Identifies the resources each action requires and where they will come from.",
            "Protects time for collaborative work in the school calendar and master schedule.",
            "Clarifies roles and decision rights, for example with a RACI chart.",
            "Reduces initiative overload by stopping or consolidating lower-value work.",
            "Tracks milestones and removes obstacles before they derail the effort.",
        ],
        "rubric": {
            "not_yet": "Resources and time are assumed rather than secured, and work stalls when competing demands arise.",
            "developing": "Identifies the resources and roles needed, but coordination is reactive and staff workload is not considered.",
            "proficient": "Secures resources and time in advance, clarifies roles, and manages milestones so that the effort proceeds as planned.",
            "exemplary": "Realigns existing resources to priorities, helps the school stop low-value work, and builds management routines the school keeps using on its own.",
        },
    },
    {
        "number": 6,
        "code": "CSIS-6",
        "name": "Guide and Focus Collaborative Improvement",
        "description": (
            "Establishes and guides teams that work together on a shared improvement focus, "
            "keeping collaboration purposeful and tied to evidence of student learning."
        ),
        "indicators": [
            "Helps teams agree a clear purpose, norms and roles for their collaboration.",
            "Uses agendas and protocols that keep meetings focused on evidence of student learning.",
            "Redirects teams when discussion drifts to logistics or to factors outside their control.",
            "Builds shared accountability for commitments made between meetings.",
            "Connects the work of different teams so that their efforts reinforce rather than duplicate each other.",
        ],
        "rubric": {
            "not_yet": "Teams meet without a clear purpose or norms, and meetings rarely end in agreed action.",
            "developing": "Teams have norms and agendas, but their focus on student learning is inconsistent and follow-through depends on the facilitator.",
            "proficient": "Teams work to agreed norms on a shared focus, examine evidence with protocols, and follow through on their commitments.",
            "exemplary": "Teams facilitate themselves, hold one another accountable, and coordinate across grade levels or departments with little outside support.",
        },
    },
    {
        "number": 7,
        "code": "CSIS-7",
        "name": "Build Capacity",
        "description": (
            "Develops the knowledge, skills and leadership of educators so that the school "
            "can keep improving without depending on the specialist."
        ),
        "indicators": [
            "Assesses the current skills of leaders and teams against what the improvement requires.",
            "Uses a gradual release of responsibility (model, co-lead, observe with feedback, independent) to transfer facilitation and leadership.",
            "Provides job-embedded learning and coaching rather than one-off training events.",
            "Identifies and develops teacher leaders who will carry the work forward.",
            "Gathers evidence that educator practice has changed, not only that training took place.",
        ],
        "rubric": {
            "not_yet": "Does the work for the school rather than with it; professional learning is limited to one-off events.",
            "developing": "Provides training and some coaching, but responsibility has not yet shifted to school staff.",
            "proficient": "Plans and carries out a deliberate release of responsibility, and evidence shows school staff leading parts of the work independently.",
            "exemplary": "School staff coach and lead others, and the capacity built spreads beyond the original team.",
        },
    },
    {
        "number": 8,
        "code": "CSIS-8",
        "name": "Demonstrate Organizational Sensitivity",
        "description": (
            "Understands and respects the culture, history, politics and relationships of "
            "each organisation, and adapts the approach so that improvement is accepted and lasts."
        ),
        "indicators": [
            "Learns the school's history, culture, and formal and informal leaders before proposing changes.",
            "Maps stakeholders by their interests, influence and concerns.",
            "Assesses readiness for change and adjusts pacing and communication accordingly.",
            "Maintains confidentiality and trust while being honest about performance.",
            "Communicates in ways that respect the roles and authority of school and district leaders.",
        ],
        "rubric": {
            "not_yet": "Applies the same approach everywhere and is surprised by resistance; careless communication may damage trust.",
            "developing": "Recognises cultural and political factors but adapts only after problems arise.",
            "proficient": "Analyses context, stakeholders and readiness in advance and adapts the approach, communication and pacing accordingly.",
            "exemplary": "Is trusted across groups with differing views, helps leaders navigate sensitive issues, and strengthens the organisation's culture of improvement.",
        },
    },
    {
        "number": 9,
        "code": "CSIS-9",
        "name": "Monitor Accountability and Adoption",
        "description": (
            "Tracks whether agreed practices are being implemented and whether they produce "
            "the intended results, and uses that information to hold the effort accountable "
            "and to adjust it."
        ),
        "indicators": [
            "Defines what full implementation looks like, for example with an implementation map or look-fors.",
            "Collects implementation data (walkthroughs, artefacts, logs) on a regular schedule.",
            "Distinguishes a failure to implement from a failure of the strategy itself.",
            "Reports progress to leaders and teams in a clear, actionable form.",
            "Follows up on commitments respectfully and consistently.",
        ],
        "rubric": {
            "not_yet": "Assumes that a plan or a training session means implementation; monitoring is absent or limited to compliance checklists.",
            "developing": "Collects some implementation data, but irregularly, and findings do not consistently lead to adjustments.",
            "proficient": "Monitors adoption and outcomes on a set schedule, shares the findings, and uses them to adjust support and to hold people to commitments.",
            "exemplary": "The school runs its own monitoring cycle, and leaders use adoption data routinely to make decisions.",
        },
    },
    {
        "number": 10,
        "code": "CSIS-10",
        "name": "Implement for Sustainability",
        "description": (
            "Builds the structures, routines, leadership and resources that allow "
            "improvements to last after the specialist's support ends."
        ),
        "indicators": [
            "Plans for sustainability from the start of the engagement, not only at the end.",
            "Embeds new practices in policies, schedules, role descriptions and induction for new staff.",
            "Develops succession plans so that the work survives staff turnover.",
            "Secures continuing funding or reallocates existing resources to keep the work going.",
            "Plans and carries out a gradual, explicit transfer of responsibility to the school.",
        ],
        "rubric": {
            "not_yet": "Improvement depends on the specialist's presence, and there is no plan for continuing the work.",
            "developing": "A transition plan exists but relies on a few individuals or on temporary funding.",
            "proficient": "Practices are embedded in school structures and routines, ownership has transferred, and the plan addresses turnover and funding.",
            "exemplary": "Improvements continue and deepen after support ends, and the school helps others adopt the practices.",
        },
    },
]


CODE_OF_ETHICS: dict = {
    "version": "2026.1",
    "title": "School Improvement Specialist Code of Ethics",
    "text": "\n".join(
        [
            "1. Students first: I keep the learning and well-being of students at the centre of every improvement decision I facilitate.",
            "2. Honest evidence: I report data, results and my own contribution accurately, and I do not claim results I cannot support with evidence.",
            "3. Confidentiality: I protect student, staff and school information and share it only as authorised and as the law requires.",
            "4. Respect: I treat every educator, student, family and community member with dignity, and I respect the culture and the authority of the organisations I serve.",
            "5. Equity: I examine data for patterns of inequity, raise them openly, and avoid practices that disadvantage any group of students.",
            "6. Competence: I work within the limits of my expertise, seek help or refer when a need is beyond it, and keep developing my practice.",
            "7. Conflicts of interest: I disclose any interest, financial or otherwise, in the products, services or decisions I recommend.",
            "8. Capacity, not dependence: I build the capacity of the schools I serve to improve on their own rather than fostering reliance on me.",
            "9. Accountability: I keep clear records of my work, honour my commitments, and accept responsibility for the quality of my facilitation.",
            "10. The profession: I share what I learn, support colleagues, and uphold this code with clients, peers and reviewers.",
        ]
    ),
}


PROGRAMME: dict = {
    "title": "LAUNCH! School Improvement Facilitation",
    "intro": (
        "<p>LAUNCH! is a rigorous, job-embedded learning and development programme for the "
        "people who facilitate school improvement: state and regional education-agency staff, "
        "district school-improvement staff, school leaders, academic coaches and teacher "
        "leaders. It is aligned to the ten Certified School Improvement Specialist (CSIS) "
        "standards and helps you apply them in your day-to-day facilitation.</p>"
        "<p>Each module combines short online study with practice in your own school, and "
        "several include in-person sessions with your cohort. You work with a coach and with "
        "peers, record reflections, and build a portfolio of evidence that shows how you "
        "facilitated a <strong>systemic, collaborative improvement process that gets results "
        "and lasts</strong>. Good evidence triangulates three kinds of data: the facilitation "
        "effort itself, changes in educator performance, and student achievement.</p>"
        "<p>When you have completed the required modules and reviewers have judged your "
        "evidence proficient for every standard, you earn the LAUNCH! verifiable digital "
        "badge. Everyone in the programme attests to the School Improvement Specialist Code "
        "of Ethics when they enrol.</p>"
    ),
}


MODULES: list[dict] = [
    # 1 ------------------------------------------------------------------------------------
    {
        "slug": "orientation-the-sis-role",
        "title": "Orientation: The School Improvement Specialist Role",
        "summary": "Meet the SIS role and profession, the ten CSIS standards, the code of ethics, and how your evidence earns the LAUNCH! badge.",
        "standards": [1, 8],
        "delivery_mode": "online",
        "estimated_minutes": 90,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Welcome to LAUNCH!</h2>"
                "<p>The School Improvement Specialist (SIS) is a relatively new role in K-12 "
                "education. It grew out of education accountability: once schools were expected "
                "to show results, someone had to help them work out what to change and how. "
                "Today the role is carried out by people in many different positions:</p>"
                "<ul>"
                "<li>state education-agency staff assigned to support identified schools;</li>"
                "<li>regional education-agency staff who serve districts and schools;</li>"
                "<li>district leaders and staff responsible for school improvement;</li>"
                "<li>principals, assistant principals, academic coaches and teacher leaders.</li>"
                "</ul>"
                "<p>Whatever your title, the core of the work is the same: you help a school "
                "see its situation clearly, choose the right priorities, plan and carry out "
                "the work together, and make the gains last. You facilitate; the school owns "
                "the improvement.</p>"
                "<h3>A profession, not just a job</h3>"
                "<p>A role becomes a profession when it has standards of practice, a code of "
                "ethics, continuing education, certifications, a professional home and a "
                "unified voice. School improvement facilitation now has each of these. The "
                "ten CSIS standards describe what proficient practice looks like, from "
                "analysing data with critical judgement to implementing for sustainability. "
                'Open <a href="/learn/standards/">the standards page</a> and skim the '
                "indicators and rubric for each one "
                "before you go on.</p>",
            ),
            (
                "video",
                {
                    "title": "What a School Improvement Specialist does",
                    "url": "https://www.youtube.com/watch?v=LAUNCHsis01",
                    "transcript": (
                        "A facilitator describes a typical engagement with a school: entering and "
                        "listening, looking at data with staff, agreeing priorities, planning, "
                        "supporting teams through implementation, monitoring, and handing the work "
                        "over. The talk stresses that the specialist's job is to build the school's "
                        "capacity, not to become its permanent problem-solver, and closes with the "
                        "ten CSIS standards as a map of that journey."
                    ),
                },
            ),
            (
                "rich_text",
                "<h2>How LAUNCH! works</h2>"
                "<p>Each module follows the same rhythm:</p>"
                "<ol>"
                "<li><strong>Learn</strong> the concepts and protocols online or in a session.</li>"
                "<li><strong>Practise</strong> them in your own school, usually within a week or two.</li>"
                "<li><strong>Reflect</strong> on what happened and discuss it with your coach and cohort.</li>"
                "<li><strong>Document</strong> evidence of your practice against the standard.</li>"
                "</ol>"
                "<h3>Triangulated evidence</h3>"
                "<p>Reviewers look for evidence that connects three kinds of data:</p>"
                "<ul>"
                "<li><strong>The facilitation effort itself</strong>: agendas, protocols used, "
                "plans, meeting notes, decision logs, communication.</li>"
                "<li><strong>Changes in educator performance</strong>: walkthrough data, "
                "team artefacts, observation notes, teachers' own reflections.</li>"
                "<li><strong>Student achievement</strong>: common assessments, benchmark "
                "results, work samples, attendance or course-completion data.</li>"
                "</ul>"
                "<p>One kind alone is not enough. A beautiful agenda does not show that "
                "anything changed; a rise in test scores does not show that your facilitation "
                "contributed. The story is in the connection between the three.</p>"
                "<h3>Earning the badge</h3>"
                "<p>Your coach sees your drafts and gives feedback before you submit. Trained "
                "reviewers then score each claimed standard with the rubric (Not yet, "
                "Developing, Proficient, Exemplary); the outcome is either accepted or revise "
                "and resubmit. When every required module is complete and every standard is "
                "proficient, you receive a verifiable digital badge that anyone can check.</p>"
                "<h3>The code of ethics</h3>"
                "<p>You attested to the School Improvement Specialist Code of Ethics when you "
                "enrolled. Read it again now. Several commitments matter directly for your "
                "evidence: report results honestly, protect student and staff confidentiality "
                "(remove names from artefacts before you upload them), and do not claim "
                "results you cannot support.</p>",
            ),
            (
                "rich_text",
                "<h2>Choosing your improvement effort</h2>"
                "<p>Your evidence will come from a real improvement effort that you facilitate "
                "during the programme. Choose it carefully:</p>"
                "<ul>"
                "<li>It should run for most of the programme, so that you can show change over time.</li>"
                "<li>You should have a genuine facilitation role, not just an advisory one.</li>"
                "<li>It should involve at least one team of educators and be aimed at student learning.</li>"
                "<li>You should be able to get baseline data for all three kinds of evidence now.</li>"
                "</ul>"
                "<p><strong>Common pitfall:</strong> waiting until the end to collect evidence. "
                "Baseline data cannot be gathered afterwards. Start your evidence log this week "
                "and add to it as you go.</p>",
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Which of the ten CSIS standards describes your current strengths, and which will stretch you most in the improvement effort you have chosen?",
                    "guidance": "Use the rubric descriptors rather than a general impression. Name one piece of past work that shows a strength, and one situation where you struggled.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Set up your evidence log and baseline",
                    "instructions": (
                        "<p>Create an evidence log for the improvement effort you will "
                        "facilitate during LAUNCH!</p>"
                        "<ol>"
                        "<li>Write a one-paragraph description of the school, the team you "
                        "will work with and the improvement focus.</li>"
                        "<li>Record baseline data for each of the three kinds of evidence: "
                        "how the effort is facilitated today, what educator practice looks "
                        "like now, and current student achievement on the measure you care about.</li>"
                        "<li>Ask your supervisor or the school leader who could later attest "
                        "to the accuracy of your evidence.</li>"
                        "</ol>"
                        "<p>Remove student and staff names before sharing anything with your coach.</p>"
                    ),
                    "time_frame": "Within two weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 1,
                    "prompt": "Submit a short baseline analysis of the school you will support. Show that you examined more than one source of data and explain why you chose the improvement focus. Include baseline data for all three kinds of evidence: the facilitation effort itself (how improvement work is organised now), changes in educator performance (a baseline of current practice on the focus, against which change will be measured) and student achievement (the measure you will track).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "Introduce yourself to the cohort: what is your role, which school or schools will you work with during LAUNCH!, and what do you hope will be different for students a year from now?",
                },
            ),
        ],
    },
    # 2 ------------------------------------------------------------------------------------
    {
        "slug": "diagnosing-performance-root-causes",
        "title": "Diagnosing Performance: Data, Root Causes and Systemic Factors",
        "summary": "Use several kinds of data and structured root-cause tools to move from symptoms to causes a school can act on.",
        "standards": [1, 3],
        "delivery_mode": "online",
        "estimated_minutes": 150,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Why diagnosis comes before solutions</h2>"
                "<p>Schools under pressure often jump from a disappointing result straight to "
                "a programme that promises to fix it. When the chosen solution does not "
                "address the real cause, staff put in effort, nothing changes, and trust in "
                "the next initiative drops. Your first job as a facilitator is to slow the "
                "group down long enough to understand the problem.</p>"
                "<h3>Use more than one kind of data</h3>"
                "<p>Outcome data tell you <em>that</em> there is a problem, rarely <em>why</em>. "
                "Look across four kinds of data:</p>"
                "<ul>"
                "<li><strong>Student learning</strong>: state tests, benchmarks, common "
                "assessments, grades, student work.</li>"
                "<li><strong>Demographic</strong>: enrolment, attendance, mobility, subgroup "
                "membership, staff experience and turnover.</li>"
                "<li><strong>Perception</strong>: student, staff and family surveys, focus groups.</li>"
                "<li><strong>School process</strong>: schedules, curriculum maps, intervention "
                "rosters, walkthrough data, how time is actually used.</li>"
                "</ul>"
                "<p>The most useful insights come from where these intersect, for example "
                "when students who miss more than a day a fortnight also account for most of "
                "the low benchmark scores in a particular grade.</p>"
                "<h3>Observation before inference</h3>"
                "<p>Ask the group to state what the data show (\u201cforty per cent of grade 6 "
                "students scored below benchmark on fractions\u201d) before anyone explains why. "
                "Write observations and inferences in separate columns. This simple habit "
                "prevents the first explanation offered from becoming the accepted one.</p>",
            ),
            (
                "video",
                {
                    "title": "From symptoms to root causes",
                    "url": "https://www.youtube.com/watch?v=LAUNCHsis02",
                    "transcript": (
                        "A walk-through of a root-cause session with a middle-school team. The "
                        "facilitator starts with a problem statement written as a measurable gap, "
                        "builds a fishbone diagram with categories for curriculum, instruction, "
                        "assessment, time and structures, staff learning, leadership and family "
                        "partnership, then uses the 5 Whys on the two most likely branches. The team "
                        "tests each candidate cause against the data and sets aside causes outside "
                        "its control."
                    ),
                },
            ),
            (
                "rich_text",
                "<h2>Two root-cause tools</h2>"
                "<h3>The fishbone (cause-and-effect) diagram</h3>"
                "<ol>"
                "<li>Write the problem as a measurable gap at the head of the fish, for "
                "example \u201cOnly half of grade 3 students read at benchmark in spring.\u201d</li>"
                "<li>Draw the bones as categories the school controls: curriculum, "
                "instruction, assessment, time and schedule, staff learning, leadership, "
                "student support, family partnership.</li>"
                "<li>Brainstorm possible causes on sticky notes, one per note, silently first.</li>"
                "<li>Cluster the notes on the bones and mark which have data behind them.</li>"
                "<li>Vote on the two or three most likely causes to investigate further.</li>"
                "</ol>"
                "<h3>The 5 Whys</h3>"
                "<p>Take one likely cause and ask why it happens, then ask why again of the "
                "answer, usually three to five times, until you reach something the school "
                "can change. Stop when an answer points outside the school's control and go "
                "back one step. Record the chain so that others can check the reasoning.</p>"
                "<h3>Testing causes against evidence</h3>"
                "<p>For each candidate cause ask: What evidence supports it? What evidence "
                "would contradict it? If we removed this cause, would the problem largely go "
                "away? Causes that survive these questions become the focus of the plan.</p>",
            ),
            (
                "rich_text",
                "<h2>Seeing the system in the diagnosis</h2>"
                "<p>Most root causes turn out to be systemic: a schedule that gives "
                "intervention groups fifteen minutes, a curriculum map that skips a "
                "prerequisite skill, a pacing guide that leaves no time for reteaching. "
                "When the group's explanation lands on individuals (\u201cthose teachers "
                "don't...\u201d) or on students and families (\u201cthey don't care\u201d), "
                "ask what in the system allows that pattern to persist.</p>"
                "<h3>Pitfalls to watch for</h3>"
                "<ul>"
                "<li>Drawing conclusions from very small groups of students.</li>"
                "<li>Treating a correlation as a proven cause.</li>"
                "<li>Letting the most senior voice decide the root cause.</li>"
                "<li>Choosing causes because a favourite solution is already in mind.</li>"
                "<li>Ignoring subgroup patterns hidden inside an average.</li>"
                "</ul>",
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Think of a recent improvement decision in your school or district. Was it based on a root cause or on a symptom, and how do you know?",
                    "guidance": "Trace the decision back: what data were used, who interpreted them, and which causes were considered and set aside.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Facilitate a root-cause session",
                    "instructions": (
                        "<p>With the team you support, run a 60 to 90 minute root-cause session "
                        "on your improvement focus.</p>"
                        "<ol>"
                        "<li>Prepare two or three data displays from different kinds of data.</li>"
                        "<li>Have the team record observations before inferences.</li>"
                        "<li>Build a fishbone diagram and run the 5 Whys on the top two causes.</li>"
                        "<li>Agree which causes the team will act on and what evidence supports them.</li>"
                        "</ol>"
                        "<p>Photograph the diagram and keep your agenda and notes for your evidence log.</p>"
                    ),
                    "time_frame": "Within the next two weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 1,
                    "prompt": "Submit the artefacts and a short narrative of your root-cause session. Triangulate: the facilitation effort itself (agenda, data displays, fishbone and 5 Whys records), changes in educator performance (how the team's explanation of the problem shifted, and any change in practice it led to), and student achievement (the baseline gap and, later, movement on the measure linked to the chosen cause).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "When a team insists that the root cause lies outside the school (poverty, families, last year's teachers), what do you say or do to bring the conversation back to what the school can influence, without dismissing their concerns?",
                },
            ),
        ],
    },
    # 3 ------------------------------------------------------------------------------------
    {
        "slug": "systems-mapping-alignment-audits",
        "title": "Deep Dive: Systems Mapping and Initiative Alignment",
        "summary": "An optional deep dive into the iceberg model, alignment audits and initiative inventories for schools with too many competing priorities.",
        "standards": [3, 5],
        "delivery_mode": "online",
        "estimated_minutes": 75,
        "required": False,
        "body": [
            (
                "rich_text",
                "<h2>Thinking in systems</h2>"
                "<p>A school is a system: curriculum, instruction, assessment, schedules, "
                "staffing, leadership, budgets and relationships with families all affect one "
                "another. A change in one part ripples through the rest. Facilitators who "
                "focus on systemic factors help schools avoid fixes that solve one problem "
                "while creating another, such as an extra intervention block that quietly "
                "removes science time.</p>"
                "<h3>The iceberg model</h3>"
                "<p>The iceberg is a quick way to take a team below the surface of an event:</p>"
                "<ul>"
                "<li><strong>Events</strong>: what happened (benchmark scores fell in grade 7).</li>"
                "<li><strong>Patterns</strong>: what has been happening over time (scores fall "
                "each year in the second term).</li>"
                "<li><strong>Structures</strong>: what produces the pattern (testing windows, "
                "pacing, staffing changes mid-year).</li>"
                "<li><strong>Mental models</strong>: the beliefs that keep the structures in "
                "place (\u201cthe second term is for catching up on missed content\u201d).</li>"
                "</ul>"
                "<p>Lasting improvement usually needs change at the structure or mental-model "
                "level. Responding only to events keeps the school reacting.</p>",
            ),
            (
                "rich_text",
                "<h2>Alignment audits</h2>"
                "<p>An alignment audit checks whether the parts of the instructional system "
                "point the same way. Take one priority standard or skill and trace it through:</p>"
                "<ol>"
                "<li>the curriculum map and pacing guide (when is it taught, for how long?);</li>"
                "<li>the materials teachers actually use;</li>"
                "<li>the common and benchmark assessments (is it assessed, and at the right rigour?);</li>"
                "<li>the intervention schedule (who gets extra time, and when?);</li>"
                "<li>professional learning for the year (has anyone been supported to teach it?).</li>"
                "</ol>"
                "<p>Gaps between these layers are often the real root cause behind a "
                "persistent result.</p>"
                "<h2>The initiative inventory</h2>"
                "<p>Many schools carry more initiatives than staff can implement well. An "
                "initiative inventory makes the load visible. List every current initiative, "
                "programme and requirement with its purpose, the student outcome it targets, "
                "the time and money it consumes, who leads it and what evidence of impact "
                "exists. Then, with leaders, sort each into <strong>keep</strong>, "
                "<strong>merge</strong>, <strong>modify</strong> or <strong>stop</strong>.</p>"
                "<h3>Tips</h3>"
                "<ul>"
                "<li>Include compliance requirements; they consume time too.</li>"
                "<li>Ask teachers as well as leaders: they often list initiatives leaders forgot.</li>"
                "<li>Stopping something is a decision that needs communicating as carefully as starting something.</li>"
                "<li>Check district and state requirements before recommending that anything stop.</li>"
                "</ul>",
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Where in your school's system does the improvement focus get stuck: in events, patterns, structures or mental models?",
                    "guidance": "Use the iceberg model. Give one concrete example at each level and say which level your current plan addresses.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Run an initiative inventory",
                    "instructions": (
                        "<p>With the principal or leadership team, list every initiative the "
                        "school is currently running. For each, record its purpose, target "
                        "outcome, time and cost, owner and evidence of impact.</p>"
                        "<p>Facilitate a keep, merge, modify or stop decision for each one and "
                        "record the reasoning. Note at least one structure that must change for "
                        "your improvement focus to succeed.</p>"
                    ),
                    "time_frame": "Within three weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 3,
                    "prompt": "Submit your initiative inventory or alignment audit with a narrative of the decisions it led to. Triangulate: the facilitation effort itself (the inventory, audit notes and decision record), changes in educator performance (for example time recovered for collaboration or a realigned pacing guide in use), and student achievement (results on the skill or outcome that the realignment targets).",
                },
            ),
        ],
    },
    # 4 ------------------------------------------------------------------------------------
    {
        "slug": "facilitating-data-dialogues",
        "title": "Facilitating Data Dialogues and Shared Meaning",
        "summary": "Run structured data dialogues that help educators interpret evidence together and commit to action.",
        "standards": [2, 1],
        "delivery_mode": "blended",
        "estimated_minutes": 180,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>From data presentation to data dialogue</h2>"
                "<p>Showing staff a slide deck of results rarely changes practice. People act "
                "on conclusions they have reached themselves. A data dialogue is a structured "
                "conversation in which educators examine evidence together, make meaning of "
                "it and decide what to do. Your role is to design the conversation and keep "
                "it safe and rigorous, not to supply the answers.</p>"
                "<h3>The predict, observe, infer, act protocol</h3>"
                "<ol>"
                "<li><strong>Predict</strong> (5 minutes): before seeing the data, each "
                "person writes what they expect to see and why. Predictions surface "
                "assumptions and build curiosity.</li>"
                "<li><strong>Observe</strong> (10 to 15 minutes): the group states only what "
                "the data show, using sentence starters such as \u201cI notice that...\u201d "
                "and \u201cThe percentage of... is...\u201d. No explanations yet.</li>"
                "<li><strong>Infer</strong> (15 to 20 minutes): the group offers possible "
                "explanations and names what additional data would confirm or challenge them.</li>"
                "<li><strong>Act</strong> (10 to 15 minutes): the group agrees one or two "
                "next steps, who will take them and when the group will look at the results.</li>"
                "</ol>",
            ),
            (
                "video",
                {
                    "title": "Inside a data dialogue",
                    "url": "https://www.youtube.com/watch?v=LAUNCHsis04",
                    "transcript": (
                        "A grade-level team works through a predict, observe, infer, act protocol on "
                        "common assessment results. The facilitator redirects an early explanation "
                        "back to observation, uses a round so that quieter members speak, paraphrases "
                        "a tense comment into a question the team can investigate, and closes by "
                        "recording two commitments with owners and a date for the follow-up meeting."
                    ),
                },
            ),
            (
                "rich_text",
                "<h2>Preparing the data</h2>"
                "<ul>"
                "<li>Choose one question the data should help answer; bring only the data that bear on it.</li>"
                "<li>Use simple displays: a bar chart or a table with totals is usually better than a dashboard.</li>"
                "<li>Remove student names unless the purpose is planning for named students, and then keep the materials secure.</li>"
                "<li>Show teacher-level data only when the team has agreed to it; start with grade or course level.</li>"
                "<li>Print copies. People write on paper; they rarely annotate a projected slide.</li>"
                "</ul>"
                "<h3>Facilitator moves</h3>"
                "<ul>"
                "<li><strong>Pause</strong>: allow silence after a question; the second answer is often better.</li>"
                "<li><strong>Paraphrase</strong>: restate what you heard before responding, especially when feelings run high.</li>"
                "<li><strong>Probe</strong>: \u201cWhat in the data leads you to that?\u201d "
                "\u201cWhat else might explain it?\u201d</li>"
                "<li><strong>Ground</strong>: bring the talk back to the evidence on the table when it drifts to anecdotes.</li>"
                "<li><strong>Include</strong>: use rounds, pairs or written responses so the loudest voices do not set the conclusion.</li>"
                "</ul>"
                "<h3>Common pitfalls</h3>"
                "<ul>"
                "<li>Skipping the observation step, so the first inference becomes the conclusion.</li>"
                "<li>Too much data: the group spends the meeting reading rather than thinking.</li>"
                "<li>Ending without commitments, so the dialogue becomes an interesting discussion and nothing more.</li>"
                "<li>Data used to blame individuals, which quickly ends honest participation.</li>"
                "</ul>",
            ),
            (
                "in_person_session",
                {
                    "title": "Data Dialogue Lab",
                    "agenda": (
                        "<ol>"
                        "<li>Welcome, norms for talking about data, and purpose (15 minutes).</li>"
                        "<li>Demonstration: the facilitator runs a predict, observe, infer, act "
                        "protocol with the cohort on a de-identified data set (40 minutes).</li>"
                        "<li>Debrief of facilitator moves: what did you notice the facilitator "
                        "doing at each step? (20 minutes)</li>"
                        "<li>Practice rounds in triads: facilitator, participant, observer, "
                        "rotating roles using your own de-identified data (60 minutes).</li>"
                        "<li>Peer feedback with the observation checklist and planning for the "
                        "practice task (25 minutes).</li>"
                        "</ol>"
                    ),
                    "duration_minutes": 180,
                    "materials": "One de-identified data display from your own school (printed, five copies); the predict-observe-infer-act protocol card; facilitator move observation checklist; sticky notes and chart paper.",
                },
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "In the data conversations you have led or attended, who did most of the interpreting, and what did that mean for the group's commitment to act?",
                    "guidance": "Think of one specific meeting. Estimate who spoke most, whose interpretation was adopted, and what happened afterwards.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Lead a data dialogue with your team",
                    "instructions": (
                        "<p>Plan and lead a data dialogue of 45 to 60 minutes with the team "
                        "you support, using the predict, observe, infer, act protocol.</p>"
                        "<ul>"
                        "<li>Prepare one focused question and no more than three data displays.</li>"
                        "<li>Ask a colleague or your coach to observe and note your facilitator moves, or record a short self-assessment straight after.</li>"
                        "<li>Close with commitments that have owners and a follow-up date.</li>"
                        "</ul>"
                    ),
                    "time_frame": "Within two weeks of the lab",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 2,
                    "prompt": "Submit evidence that you facilitated a group to derive meaning from data and engage in action. Triangulate: the facilitation effort itself (agenda, data displays, protocol notes, observer feedback), changes in educator performance (the commitments the team made and evidence they were carried out in classrooms), and student achievement (results on the measure the team agreed to watch, compared with the data discussed).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "Share one facilitator move that helped a data conversation go deeper, and one moment where you struggled to keep the group on observation rather than explanation. What would you try next time?",
                },
            ),
        ],
    },
    # 5 ------------------------------------------------------------------------------------
    {
        "slug": "organisational-sensitivity-change-readiness",
        "title": "Reading the Organisation: Culture, Stakeholders and Change Readiness",
        "summary": "Learn a school's culture and politics, map stakeholders, and assess readiness so your approach fits the organisation.",
        "standards": [8, 2],
        "delivery_mode": "in_person",
        "estimated_minutes": 210,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Every school is different</h2>"
                "<p>A strategy that worked well in one school can fail in another because of "
                "history, relationships, leadership, or how past initiatives were introduced "
                "and dropped. Organisational sensitivity means understanding these factors "
                "before you act and adjusting your approach to them. It is not about avoiding "
                "hard conversations; it is about having them in a way the organisation can hear.</p>"
                "<h3>Entering a school well</h3>"
                "<p>Plan your first weeks as an entry period. Hold short listening "
                "conversations with the principal, leadership team, a cross-section of "
                "teachers, support staff and, where appropriate, families and students. Ask "
                "the same few questions each time:</p>"
                "<ul>"
                "<li>What is going well here that we should protect?</li>"
                "<li>What gets in the way of students learning?</li>"
                "<li>What happened with the last improvement effort?</li>"
                "<li>Who do people go to when they need help or want to know what is really going on?</li>"
                "</ul>"
                "<p>Summarise themes, not individuals, and share them back with the leadership "
                "team. This shows you listened and builds trust before any data are examined.</p>",
            ),
            (
                "rich_text",
                "<h2>Stakeholder mapping</h2>"
                "<p>List everyone whose support the improvement needs or whose opposition "
                "could stall it: leaders, teams, union representatives, district offices, "
                "board members, family groups, community partners. Place each on a grid of "
                "<strong>influence</strong> (low to high) and <strong>interest</strong> "
                "(low to high):</p>"
                "<ul>"
                "<li>High influence, high interest: involve closely in decisions.</li>"
                "<li>High influence, low interest: keep satisfied and informed; look for what they care about.</li>"
                "<li>Low influence, high interest: keep informed and involved; they are often your early adopters.</li>"
                "<li>Low influence, low interest: keep informed with light-touch communication.</li>"
                "</ul>"
                "<p>Add each group's likely concerns and what they would need to see to support "
                "the work. Remember informal leaders: a respected veteran teacher can carry "
                "more influence than a title suggests.</p>"
                "<h2>Assessing readiness for change</h2>"
                "<p>Readiness has two parts: <strong>willingness</strong> (do people believe "
                "the change is needed and worth it?) and <strong>capacity</strong> (do they "
                "have the skills, time and resources?). Short anonymous surveys, listening "
                "themes and past implementation history all give clues. People's concerns also "
                "tend to move through stages, from personal (\u201cWhat will this mean for "
                "me?\u201d) to task (\u201cHow do I fit this into my day?\u201d) to impact "
                "(\u201cIs this working for my students?\u201d). Answer the concern people "
                "actually have; impact data will not persuade someone still worried about "
                "their workload.</p>"
                "<h3>Pitfalls</h3>"
                "<ul>"
                "<li>Mistaking silence in meetings for agreement.</li>"
                "<li>Going around the principal to teachers, or around teachers to the district.</li>"
                "<li>Sharing what one person told you in confidence, even as an example.</li>"
                "<li>Labelling people as resistant instead of understanding their concerns.</li>"
                "</ul>",
            ),
            (
                "in_person_session",
                {
                    "title": "Reading the Organisation Workshop",
                    "agenda": (
                        "<ol>"
                        "<li>Opening: stories of an initiative that fitted its context and one that did not (20 minutes).</li>"
                        "<li>Listening conversations: practise entry questions in pairs, with feedback on tone and follow-up questions (35 minutes).</li>"
                        "<li>Stakeholder mapping: build an influence and interest grid for your own school on chart paper (45 minutes).</li>"
                        "<li>Break (15 minutes).</li>"
                        "<li>Readiness case study: a school with high willingness and low capacity; plan pacing and support (40 minutes).</li>"
                        "<li>Difficult conversations: role-play delivering honest performance news to a principal while preserving trust (40 minutes).</li>"
                        "<li>Commitments and planning for the practice task (15 minutes).</li>"
                        "</ol>"
                    ),
                    "duration_minutes": 210,
                    "materials": "Notes from any listening conversations you have already held; a list of the main stakeholders in your school; chart paper and markers; the readiness case study packet.",
                },
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "What do you now understand about the culture and history of your school that you did not understand when you started, and how will it change the way you introduce the improvement work?",
                    "guidance": "Refer to your stakeholder map and readiness evidence. Name one adjustment to pacing, communication or who you involve first.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Stakeholder map and communication plan",
                    "instructions": (
                        "<p>Complete a stakeholder map for your improvement effort and test it "
                        "with the principal or a trusted colleague.</p>"
                        "<ul>"
                        "<li>For each high-influence group, note their interests, concerns and what they need to see.</li>"
                        "<li>Draft a one-page communication plan: what each group hears, from whom, how and when.</li>"
                        "<li>Gather a simple readiness measure (a short survey or listening themes) and note how it affects your pacing.</li>"
                        "</ul>"
                    ),
                    "time_frame": "Within three weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 8,
                    "prompt": "Submit your stakeholder map, readiness data and communication plan with a narrative of how they shaped your approach. Triangulate: the facilitation effort itself (listening themes, map, plan and how you adapted), changes in educator performance (for example increased participation or take-up of the practice among groups you targeted), and student achievement (early movement on the improvement measure in the classrooms involved).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "Describe a time when you misread a school's culture or politics. What signals did you miss, and what would you look for now?",
                },
            ),
        ],
    },
    # 6 ------------------------------------------------------------------------------------
    {
        "slug": "plan-and-record-logic-models-action-plans",
        "title": "Plan and Record: Theories of Action, Logic Models and Action Plans",
        "summary": "Turn priorities into a theory of action, a logic model and an action plan with owners, dates and measures, and keep records others can follow.",
        "standards": [4],
        "delivery_mode": "online",
        "estimated_minutes": 120,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Plans that get used</h2>"
                "<p>Many school improvement plans are written to satisfy a requirement and "
                "then filed. A useful plan is short, specific and consulted at every team "
                "meeting. It makes clear what will be done, by whom, by when, with what "
                "resources, and how everyone will know whether it is working.</p>"
                "<h3>Start with a theory of action</h3>"
                "<p>A theory of action states the logic of the improvement in one or two "
                "sentences: <em>If we [do this], then educators will [change practice in "
                "this way], so that students will [achieve this outcome].</em> For example: "
                "if grade-level teams meet weekly to plan and analyse common formative "
                "assessments in reading, then teachers will adjust small-group instruction "
                "based on evidence, so that more students in grades 3 to 5 reach the reading "
                "benchmark by spring. Every activity in the plan should serve this chain.</p>",
            ),
            (
                "video",
                {
                    "title": "Building a logic model with a school team",
                    "url": "https://www.youtube.com/watch?v=LAUNCHsis06",
                    "transcript": (
                        "A facilitator and a leadership team turn a root-cause finding into a logic "
                        "model, working from the right-hand side: first the student outcome, then the "
                        "changes in educator practice that would produce it, then the activities and "
                        "resources needed. The team finds two planned activities that do not connect "
                        "to any outcome and drops them, and writes measures for each column."
                    ),
                },
            ),
            (
                "rich_text",
                "<h2>The logic model</h2>"
                "<p>A logic model lays the theory of action out in columns:</p>"
                "<ul>"
                "<li><strong>Inputs</strong>: people, time, money, materials, partners.</li>"
                "<li><strong>Activities</strong>: what will be done (training, coaching cycles, team meetings).</li>"
                "<li><strong>Outputs</strong>: evidence that activities happened (number of cycles completed, attendance).</li>"
                "<li><strong>Short-term outcomes</strong>: changes in educator knowledge and practice.</li>"
                "<li><strong>Long-term outcomes</strong>: changes in student achievement.</li>"
                "</ul>"
                "<p>Notice that the columns map onto the three kinds of evidence: outputs "
                "document the facilitation effort, short-term outcomes document educator "
                "performance, and long-term outcomes document student achievement. A good "
                "logic model is also your evidence plan.</p>"
                "<h2>The action plan</h2>"
                "<p>For each activity, write action steps with these columns:</p>"
                "<ol>"
                "<li>Action step, written as a specific task.</li>"
                "<li>Owner: one named person, not a committee.</li>"
                "<li>Start and due dates.</li>"
                "<li>Resources needed and their source.</li>"
                "<li>Evidence of completion.</li>"
                "<li>Status, updated at each team meeting.</li>"
                "</ol>"
                "<p>Set goals with a baseline, a target and interim benchmarks: \u201cFrom 48 "
                "per cent at benchmark in autumn to 60 per cent by spring, with a winter "
                "check.\u201d The numbers come from your own data, not from a template.</p>"
                "<h2>Keeping records</h2>"
                "<p>Keep a <strong>decision log</strong> with the date, the decision, who "
                "made it, the evidence considered and what will change as a result. Keep "
                "brief meeting notes that record commitments, not conversations. When the "
                "plan changes, write down why. These records protect the work when people "
                "change roles, and they become much of your facilitation evidence.</p>"
                "<h3>Pitfalls</h3>"
                "<ul>"
                "<li>Plans with twenty goals: keep to two or three priorities.</li>"
                "<li>\u201cAll staff\u201d as owner: nobody is responsible.</li>"
                "<li>Outcomes measured only once a year: there is no chance to adjust.</li>"
                "</ul>",
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Look at the current improvement plan for the school you support. Could a new team member pick it up tomorrow and know what to do, who owns it and how success will be judged?",
                    "guidance": "Check for a theory of action, named owners, dates, baselines and benchmarks. Note the single change that would make the plan most usable.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Co-write a logic model and 90-day action plan",
                    "instructions": (
                        "<p>With the school team, write a theory of action and logic model for "
                        "your improvement focus, then a 90-day action plan.</p>"
                        "<ul>"
                        "<li>Work right to left: student outcome, educator practice, activities, inputs.</li>"
                        "<li>Give every action step one owner, a date and evidence of completion.</li>"
                        "<li>Set up a decision log and record the first entries.</li>"
                        "</ul>"
                        "<p>Facilitate; do not write the plan for the team.</p>"
                    ),
                    "time_frame": "Within three weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 4,
                    "prompt": "Submit the theory of action, logic model, action plan and decision log with a narrative of how the team used them. Triangulate: the facilitation effort itself (drafts, final plan, records of team meetings), changes in educator performance (action steps completed and practice changes recorded against the plan), and student achievement (baseline, interim benchmark and target for the student outcome).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "What record-keeping habit has saved an improvement effort you worked on, for example when a leader left or a decision was questioned? Share a template or routine others could use.",
                },
            ),
        ],
    },
    # 7 ------------------------------------------------------------------------------------
    {
        "slug": "organizing-effort-and-resources",
        "title": "Organizing Effort and Resources",
        "summary": "Secure time, people and money for the improvement effort, clarify roles, and manage milestones without overloading staff.",
        "standards": [5, 4],
        "delivery_mode": "online",
        "estimated_minutes": 90,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Good plans fail without resources</h2>"
                "<p>Improvement efforts most often stall not because the strategy was wrong, "
                "but because the time, people or materials the plan assumed never arrived. "
                "Managing effort and resources means turning the action plan into a workable "
                "operation: the right people, protected time, the money and materials in "
                "place, and a routine for noticing problems early.</p>"
                "<h3>Resource mapping</h3>"
                "<p>For each action in the plan, list what it needs: staff hours, substitute "
                "cover, meeting space, materials, data access, external expertise, funding. "
                "Then identify the source of each and whether it is secured, requested or "
                "still unknown. Look first at existing resources that could be redirected "
                "before asking for new ones: a weekly staff meeting can become team "
                "collaboration time, and a professional-learning budget can fund coaching "
                "instead of one-off events.</p>"
                "<h3>Protecting time</h3>"
                "<p>Collaboration that is not in the master schedule rarely survives the "
                "second month. Work with leaders to put team meetings, coaching cycles and "
                "data reviews into the calendar for the whole year, and agree what will be "
                "done when something threatens that time (for example, meetings are moved, "
                "never cancelled).</p>",
            ),
            (
                "rich_text",
                "<h2>Clarifying roles with a RACI chart</h2>"
                "<p>For each major task or decision, mark who is:</p>"
                "<ul>"
                "<li><strong>Responsible</strong>: does the work;</li>"
                "<li><strong>Accountable</strong>: owns the result and signs off (one person only);</li>"
                "<li><strong>Consulted</strong>: gives input before the decision;</li>"
                "<li><strong>Informed</strong>: is told afterwards.</li>"
                "</ul>"
                "<p>A RACI chart is especially useful where state, district and school staff "
                "all touch the same work. It also shows when the specialist is carrying too "
                "much: if your name is in the Responsible column everywhere, capacity is not "
                "being built.</p>"
                "<h2>Managing the work</h2>"
                "<ul>"
                "<li><strong>Milestones</strong>: break the year into 30-, 60- and 90-day "
                "milestones and review them at a fixed monthly meeting with the leader.</li>"
                "<li><strong>Risk log</strong>: list what could derail the plan (staff "
                "turnover, testing season, a delayed grant) with an early warning sign and a "
                "response for each.</li>"
                "<li><strong>Stop-doing list</strong>: when something new is added, agree "
                "what will be stopped or reduced to make room.</li>"
                "<li><strong>Workload check</strong>: ask the team regularly what the plan is "
                "costing them in time, and act on the answer.</li>"
                "</ul>"
                "<h3>Pitfalls</h3>"
                "<ul>"
                "<li>Relying on goodwill and unpaid time for core work.</li>"
                "<li>Grant-funded positions with no plan for when the grant ends.</li>"
                "<li>Milestone reviews that only happen when something has already gone wrong.</li>"
                "</ul>",
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "What is the scarcest resource for your improvement effort right now, and what have you done so far to secure or redirect it?",
                    "guidance": "Be specific: hours, people, money or materials. Consider existing resources that could be repurposed before asking for new ones.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Resource map, RACI chart and milestone review",
                    "instructions": (
                        "<p>For your 90-day action plan:</p>"
                        "<ol>"
                        "<li>Complete a resource map showing what each action needs and whether it is secured.</li>"
                        "<li>Draft a RACI chart for the five most important tasks and agree it with the school leader.</li>"
                        "<li>Hold the first monthly milestone review and record decisions and adjustments in the decision log.</li>"
                        "</ol>"
                    ),
                    "time_frame": "This month",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 5,
                    "prompt": "Submit your resource map, RACI chart and milestone review notes with a narrative of how you secured time and resources. Triangulate: the facilitation effort itself (the management tools and records of obstacles resolved), changes in educator performance (for example protected collaboration time actually used and tasks completed by school staff), and student achievement (progress on the plan's interim benchmark).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "What is one initiative or routine you have helped a school stop or shrink to make room for priority work? How did you make the case and how was it received?",
                },
            ),
        ],
    },
    # 8 ------------------------------------------------------------------------------------
    {
        "slug": "guiding-collaborative-improvement-teams",
        "title": "Guiding Collaborative Improvement Teams",
        "summary": "Establish and guide teams with clear purpose, norms and protocols that keep collaboration focused on student learning.",
        "standards": [6, 2],
        "delivery_mode": "in_person",
        "estimated_minutes": 240,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Collaboration with a purpose</h2>"
                "<p>Teams are where school improvement is carried out: grade-level teams, "
                "departments, professional learning communities (PLCs), leadership and data "
                "teams. Meeting together is not the same as improving together. Collaborative "
                "improvement happens when a team has a shared focus on student learning, "
                "works to agreed norms, examines evidence with protocols, and holds itself "
                "accountable for what it agrees to do.</p>"
                "<h3>Four guiding questions</h3>"
                "<p>Many effective teams organise their work around four questions:</p>"
                "<ol>"
                "<li>What do we want students to learn?</li>"
                "<li>How will we know whether they have learned it?</li>"
                "<li>How will we respond when some students have not learned it?</li>"
                "<li>How will we extend learning for students who already have?</li>"
                "</ol>"
                "<p>If a meeting does not touch one of these, ask whether it belongs in an "
                "email instead.</p>"
                "<h3>Team charter and norms</h3>"
                "<p>Help each team write a one-page charter: its purpose, the student outcome "
                "it is working on, members and roles (facilitator, recorder, timekeeper, data "
                "lead, rotating where possible), meeting schedule and norms. Good norms are "
                "few, specific and behavioural (\u201cWe start with student work, not "
                "logistics\u201d), and the team reviews them at the end of each meeting. A "
                "norm that is never checked is only a poster.</p>",
            ),
            (
                "video",
                {
                    "title": "Redirecting a team meeting",
                    "url": "https://www.youtube.com/watch?v=LAUNCHsis08",
                    "transcript": (
                        "Three short scenes from team meetings: a discussion that slides into "
                        "complaints about the schedule, a team that agrees actions but never reports "
                        "back, and a meeting dominated by one experienced member. After each scene a "
                        "facilitator explains the move used: pointing to the agenda and norms, opening "
                        "every meeting with a commitments check, and using a structured round."
                    ),
                },
            ),
            (
                "rich_text",
                "<h2>Protocols that keep the focus on learning</h2>"
                "<ul>"
                "<li><strong>Looking at student work</strong>: the team sorts a class set of "
                "work into meets, approaching and not yet, describes what distinguishes each "
                "group, and plans reteaching.</li>"
                "<li><strong>Tuning protocol</strong>: a presenter shares a lesson or "
                "assessment and a focus question; the team gives warm and cool feedback; the "
                "presenter reflects aloud.</li>"
                "<li><strong>Data-driven instructional planning</strong>: from common "
                "assessment results, the team names the skill most students missed, the "
                "likely misconception and the instructional response for the next two weeks.</li>"
                "</ul>"
                "<h3>The commitments loop</h3>"
                "<p>End every meeting by recording commitments: who will do what, in which "
                "classes, by when, and what evidence they will bring back. Start the next "
                "meeting by reviewing them. This simple loop does more for shared "
                "accountability than any form.</p>"
                "<h3>Your role over time</h3>"
                "<p>Early on you may facilitate the team. Your aim is for the team to run "
                "itself. Rotate the facilitator role, coach the team facilitator before and "
                "after meetings, and step back to observer as soon as the team can hold its "
                "focus.</p>",
            ),
            (
                "in_person_session",
                {
                    "title": "Collaborative Teams Practicum",
                    "agenda": (
                        "<ol>"
                        "<li>Opening: what separates a meeting from collaborative improvement? (20 minutes)</li>"
                        "<li>Team charters: draft a charter and three behavioural norms for a team you support, with peer review (40 minutes).</li>"
                        "<li>Protocol practice: looking at student work with samples participants bring (50 minutes).</li>"
                        "<li>Break (15 minutes).</li>"
                        "<li>Fishbowl: one group runs a data-driven planning protocol while others observe facilitator moves (45 minutes).</li>"
                        "<li>Redirecting scenarios: practise responses to drift, dominance and missed commitments (40 minutes).</li>"
                        "<li>Planning the practice task and the release of the facilitator role (30 minutes).</li>"
                        "</ol>"
                    ),
                    "duration_minutes": 240,
                    "materials": "A de-identified class set of student work on one task; the current norms or agenda of a team you support; protocol cards; observation checklist.",
                },
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Think about the team you support. What evidence tells you whether its meetings are improving student learning or mainly sharing information?",
                    "guidance": "Look at the last three agendas and notes. How much time went to student evidence, and how many commitments were followed up?",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Charter, protocol and commitments loop",
                    "instructions": (
                        "<p>With the team you support:</p>"
                        "<ol>"
                        "<li>Facilitate the writing of a team charter with behavioural norms.</li>"
                        "<li>Lead at least two meetings that use a protocol for examining student work or assessment data.</li>"
                        "<li>Introduce the commitments loop and track commitments across at least three meetings.</li>"
                        "<li>Coach a team member to facilitate one meeting.</li>"
                        "</ol>"
                    ),
                    "time_frame": "Over the next four to six weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 6,
                    "prompt": "Submit evidence of guiding a team's collaborative improvement. Triangulate: the facilitation effort itself (charter, agendas, protocols, commitments log), changes in educator performance (commitments carried out, changes in instructional practice seen in student work or walkthroughs, team members taking on facilitation), and student achievement (common assessment results for the skills the team targeted).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "Which norm has made the biggest difference to a team you have supported, and how did the team keep it alive rather than letting it become a poster on the wall?",
                },
            ),
        ],
    },
    # 9 ------------------------------------------------------------------------------------
    {
        "slug": "building-capacity-gradual-release",
        "title": "Building Capacity Through Gradual Release",
        "summary": "Develop school leaders and teacher leaders through modelling, co-leading and coached practice until they lead the work themselves.",
        "standards": [7, 6],
        "delivery_mode": "blended",
        "estimated_minutes": 180,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Work with the school, not for it</h2>"
                "<p>It is often faster for a specialist to analyse the data, write the plan "
                "and run the meeting. But every task you do for the school is a task the "
                "school has not learned to do. Building capacity means deliberately "
                "transferring knowledge, skills and leadership so that improvement continues "
                "when you are not in the room.</p>"
                "<h3>Assess capacity first</h3>"
                "<p>List the skills the improvement requires (for example facilitating a data "
                "dialogue, giving instructional feedback, running a team meeting, monitoring "
                "implementation) and, with the leader, rate the school's current capacity in "
                "each: not present, emerging, able with support, independent. Identify who "
                "could grow into each role. This becomes your capacity-building plan.</p>"
                "<h2>Gradual release of responsibility</h2>"
                "<ol>"
                "<li><strong>I do, you watch</strong>: you model the task and think aloud "
                "about your decisions. Debrief afterwards.</li>"
                "<li><strong>We do</strong>: you co-plan and co-lead, with the school "
                "colleague taking a defined part.</li>"
                "<li><strong>You do, I support</strong>: the colleague leads; you observe and "
                "give specific feedback against agreed criteria.</li>"
                "<li><strong>You do alone</strong>: the colleague leads independently and "
                "reports back; you check in less often.</li>"
                "</ol>"
                "<p>Agree in advance what \u201cready for the next stage\u201d looks like, so "
                "that moving on is based on evidence rather than on the calendar or on "
                "anyone's comfort.</p>",
            ),
            (
                "rich_text",
                "<h2>Job-embedded learning</h2>"
                "<p>One-off workshops raise awareness but rarely change practice on their "
                "own. Pair any training with job-embedded follow-up:</p>"
                "<ul>"
                "<li><strong>Coaching cycles</strong>: a pre-conference to set a goal, an "
                "observation or co-teaching session, and a post-conference using evidence to "
                "plan next steps.</li>"
                "<li><strong>Lab classrooms</strong>: teachers observe a colleague try a "
                "practice, then debrief and plan their own attempt.</li>"
                "<li><strong>Leader shadowing</strong>: an assistant principal or teacher "
                "leader shadows you, then leads while you shadow.</li>"
                "</ul>"
                "<h3>Developing teacher leaders</h3>"
                "<p>Look for teachers whose colleagues already ask them for help. Give them a "
                "clear role, time to do it, and coaching on facilitation, not just on "
                "content. Be careful not to overload the same few people.</p>"
                "<h3>Evidence of capacity</h3>"
                "<p>Attendance at training is an output, not evidence of capacity. Look for: "
                "school staff facilitating meetings you used to run, leaders using protocols "
                "without prompting, teachers coaching peers, and the quality of that work "
                "holding up when you are absent.</p>"
                "<h3>Pitfalls</h3>"
                "<ul>"
                "<li>Releasing too fast, so a colleague fails publicly and loses confidence.</li>"
                "<li>Never releasing, because things run more smoothly when you lead.</li>"
                "<li>Building capacity in one person only, which leaves the school exposed when they leave.</li>"
                "</ul>",
            ),
            (
                "in_person_session",
                {
                    "title": "Coaching and Release Lab",
                    "agenda": (
                        "<ol>"
                        "<li>Capacity assessment: rate your school's capacity for five key tasks and identify potential leaders (30 minutes).</li>"
                        "<li>Modelling with think-aloud: practise making your facilitation decisions visible (30 minutes).</li>"
                        "<li>Coaching conversations: practise pre- and post-conferences in triads with feedback (60 minutes).</li>"
                        "<li>Release criteria: write the evidence that will show a colleague is ready for each stage (30 minutes).</li>"
                        "<li>Plan your release timeline and share it with a peer for critique (30 minutes).</li>"
                        "</ol>"
                    ),
                    "duration_minutes": 180,
                    "materials": "Your team charter and action plan; the capacity assessment template; a short scenario from your own coaching to use in practice conversations.",
                },
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Which tasks in your improvement effort are you still doing yourself that someone in the school could learn to do, and what is holding back the release?",
                    "guidance": "Be honest about your own reasons as well as the school's: time pressure, wanting things done well, or uncertainty about who is ready.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Release one facilitation role",
                    "instructions": (
                        "<p>Choose one task you currently lead, such as a team meeting or data "
                        "dialogue, and one school colleague to take it over.</p>"
                        "<ol>"
                        "<li>Agree the release criteria with the colleague and their supervisor.</li>"
                        "<li>Move through modelling, co-leading and supported leading, with a short debrief each time.</li>"
                        "<li>Record your feedback and the colleague's growth against the criteria.</li>"
                        "</ol>"
                    ),
                    "time_frame": "Over the next six weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 7,
                    "prompt": "Submit your capacity assessment, release plan and coaching records with a narrative of how responsibility shifted. Triangulate: the facilitation effort itself (modelling, co-leading and coaching records), changes in educator performance (evidence that the colleague now leads the task well, for example observation notes or agendas they wrote), and student achievement (results for students taught by teachers in the teams the colleague now leads).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "How do you decide a colleague is ready to lead on their own? Share the release criteria or signals you rely on.",
                },
            ),
        ],
    },
    # 10 -----------------------------------------------------------------------------------
    {
        "slug": "monitoring-implementation-and-adoption",
        "title": "Monitoring Implementation and Adoption",
        "summary": "Define what full implementation looks like, gather adoption and outcome data on a schedule, and use them to adjust support and hold commitments.",
        "standards": [9, 4],
        "delivery_mode": "blended",
        "estimated_minutes": 150,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>A plan is not implementation</h2>"
                "<p>After training and planning, it is tempting to assume the new practice is "
                "in place. Often it is not, or it is in place in very different forms from "
                "classroom to classroom. Without implementation data you cannot tell whether "
                "disappointing results mean the strategy does not work or that it was never "
                "really tried.</p>"
                "<h3>Define implementation before you monitor it</h3>"
                "<p>Build an <strong>implementation map</strong> with the team. For each "
                "component of the practice, describe three levels: ideal, acceptable and not "
                "yet. For example, for small-group reading instruction: ideal means groups "
                "are formed from the latest assessment and regrouped every two to three "
                "weeks; acceptable means groups are formed from data but regrouped less "
                "often; not yet means groups are fixed for the year. Teachers can use the "
                "map to self-assess long before anyone visits a classroom.</p>"
                "<h3>What to measure</h3>"
                "<ul>"
                "<li><strong>Reach</strong>: how many of the intended classrooms or students are involved?</li>"
                "<li><strong>Dosage</strong>: how often and for how long does the practice happen?</li>"
                "<li><strong>Fidelity</strong>: are the essential components in place?</li>"
                "<li><strong>Quality</strong>: how well is it done?</li>"
                "<li><strong>Outcomes</strong>: are the interim student measures moving?</li>"
                "</ul>",
            ),
            (
                "video",
                {
                    "title": "Reading implementation and outcome data together",
                    "url": "https://www.youtube.com/watch?v=LAUNCHsis10",
                    "transcript": (
                        "A facilitator explains a simple two-by-two view used in monthly reviews: "
                        "implementation high or low against outcomes improving or not. High "
                        "implementation with improving outcomes means continue and spread; low "
                        "implementation with flat outcomes means support implementation before "
                        "judging the strategy; high implementation with flat outcomes means revisit "
                        "the strategy or the root cause; low implementation with improving outcomes "
                        "means look for another explanation."
                    ),
                },
            ),
            (
                "rich_text",
                "<h2>A monitoring cycle</h2>"
                "<ol>"
                "<li><strong>Data calendar</strong>: schedule when each implementation and "
                "outcome measure will be collected and reviewed, aligned with the assessment "
                "calendar.</li>"
                "<li><strong>Collect</strong>: walkthroughs against the implementation map, "
                "team artefacts, coaching logs, teacher self-assessments, interim assessments.</li>"
                "<li><strong>Review</strong>: a monthly meeting with the leadership team using "
                "the two-by-two view above.</li>"
                "<li><strong>Respond</strong>: adjust support, resources or the plan, and "
                "record the decision and the reason in the decision log.</li>"
                "<li><strong>Report</strong>: share a one-page summary with staff: what is "
                "going well, what is changing and why.</li>"
                "</ol>"
                "<h3>Accountability without blame</h3>"
                "<p>Monitoring works when people trust that the data will be used to support "
                "them, not to catch them out. Report patterns at team or school level, give "
                "individual feedback privately, and follow up on every commitment "
                "consistently, including those made by leaders and by you. When someone has "
                "not implemented, ask first what got in the way.</p>"
                "<h3>Pitfalls</h3>"
                "<ul>"
                "<li>Compliance checklists that record whether something happened but not how well.</li>"
                "<li>Collecting data nobody reviews.</li>"
                "<li>Dropping a strategy before it has been implemented well enough to judge.</li>"
                "</ul>",
            ),
            (
                "in_person_session",
                {
                    "title": "Implementation Review Clinic",
                    "agenda": (
                        "<ol>"
                        "<li>Building implementation maps: draft ideal, acceptable and not-yet descriptions for one practice from your plan (45 minutes).</li>"
                        "<li>Data calendar: align implementation and outcome measures with your school's assessment calendar (30 minutes).</li>"
                        "<li>Case clinic: small groups analyse a school's implementation and outcome data with the two-by-two view and recommend responses (45 minutes).</li>"
                        "<li>Follow-up conversations: role-play a respectful accountability conversation about a missed commitment (30 minutes).</li>"
                        "</ol>"
                    ),
                    "duration_minutes": 150,
                    "materials": "Your action plan and decision log; your school's assessment calendar; any walkthrough or implementation data you already hold.",
                },
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "If someone asked you today how fully the agreed practice is implemented across the classrooms you support, what evidence could you show, and how confident are you in it?",
                    "guidance": "Separate what you know from data from what you believe from impressions. Note which measure of reach, dosage, fidelity or quality is missing.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Implementation map and first monthly review",
                    "instructions": (
                        "<p>With the team:</p>"
                        "<ol>"
                        "<li>Co-write an implementation map for the main practice in your plan.</li>"
                        "<li>Set a data calendar for the rest of the term.</li>"
                        "<li>Collect one round of implementation data and the latest interim student data.</li>"
                        "<li>Facilitate a review using the two-by-two view and record decisions in the decision log.</li>"
                        "</ol>"
                    ),
                    "time_frame": "Within four weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 9,
                    "prompt": "Submit your implementation map, data calendar and monthly review records with a narrative of how monitoring changed the support or the plan. Triangulate: the facilitation effort itself (tools, review agendas and decisions), changes in educator performance (implementation data over at least two rounds showing changes in reach, fidelity or quality), and student achievement (interim outcome data read alongside the implementation data).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "How do you follow up with a leader or colleague who has not carried out an agreed commitment, while keeping the relationship intact? Share language that has worked for you.",
                },
            ),
        ],
    },
    # 11 -----------------------------------------------------------------------------------
    {
        "slug": "learning-walks-walkthrough-data",
        "title": "Learning Walks and Walkthrough Data",
        "summary": "An optional module on short, non-evaluative classroom walkthroughs that produce reliable evidence of implementation patterns.",
        "standards": [9, 1],
        "delivery_mode": "online",
        "estimated_minutes": 60,
        "required": False,
        "body": [
            (
                "rich_text",
                "<h2>What walkthroughs are for</h2>"
                "<p>Walkthroughs, or learning walks, are short, frequent classroom visits (five "
                "to ten minutes each) that look for patterns across a school, not judgements "
                "about individual teachers. Done well, they give the improvement team "
                "timely evidence of whether the agreed practice is reaching classrooms and "
                "what support teachers need next. Done badly, they feel like surprise "
                "evaluations and damage trust.</p>"
                "<h3>Before the first walk</h3>"
                "<ul>"
                "<li>Explain the purpose to staff: patterns, not people; no evaluation use; results shared with everyone.</li>"
                "<li>Agree two to four <strong>look-fors</strong> drawn directly from the implementation map, "
                "for example \u201cstudents are working in groups formed from recent assessment data\u201d.</li>"
                "<li>Calibrate: walk two or three classrooms together and compare notes until observers agree.</li>"
                "<li>Decide the sample: which classrooms, how many, at what times of day, so the picture is fair.</li>"
                "</ul>",
            ),
            (
                "rich_text",
                "<h2>During and after the walk</h2>"
                "<h3>Record low-inference evidence</h3>"
                "<p>Write what you see and hear, not what you conclude. \u201cSeven of 24 "
                "students were speaking during a 5-minute interval; the teacher asked three "
                "recall questions\u201d is evidence. \u201cLow engagement\u201d is an "
                "inference. Ask one or two students: \u201cWhat are you learning? How will "
                "you know you have learned it?\u201d Their answers are often the most telling "
                "data of the visit.</p>"
                "<h3>Aggregate and share</h3>"
                "<p>Tally each look-for across classrooms as seen, partly seen or not seen, "
                "then summarise the pattern: what is becoming common practice and what is "
                "still rare. Share the summary with staff within a week, ideally through a "
                "short data dialogue in which teachers interpret the pattern and suggest "
                "support. Combine walkthrough patterns with team artefacts and student data "
                "before drawing conclusions; a handful of five-minute visits is a sample, "
                "not the whole picture.</p>"
                "<h3>Pitfalls</h3>"
                "<ul>"
                "<li>Too many look-fors, so observers tick boxes instead of looking.</li>"
                "<li>Look-fors that change every month, so no trend can be seen.</li>"
                "<li>Individual results passed to evaluators, which ends honest practice.</li>"
                "<li>Walking only in the mornings or only in some departments.</li>"
                "<li>Collecting data and never sharing it back with teachers.</li>"
                "</ul>"
                "<h3>Building the school's capacity</h3>"
                "<p>Invite teacher leaders and team members on walks. Teachers who observe "
                "colleagues' classrooms learn as much as the data reveal, and the school can "
                "keep walking after your support ends.</p>",
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "How would teachers in your school describe walkthroughs today, and what would need to be true for them to see walkthroughs as support rather than inspection?",
                    "guidance": "Consider the history of walkthroughs in the school, who conducts them, and what happens to the data afterwards.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Plan and run a calibrated learning walk",
                    "instructions": (
                        "<p>With at least one school colleague, agree two to four look-fors from "
                        "your implementation map, calibrate in two classrooms, then complete a "
                        "walk through a fair sample of classrooms.</p>"
                        "<p>Aggregate the results, write a one-page pattern summary without "
                        "teacher names, and share it with the team in a short data dialogue.</p>"
                    ),
                    "time_frame": "Within three weeks",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 9,
                    "prompt": "Submit your look-fors, calibration notes and pattern summary, with a narrative of what the team decided. Triangulate: the facilitation effort itself (the walkthrough design and the data dialogue you led), changes in educator performance (look-for frequencies across two or more walks), and student achievement (student responses and interim assessment results in the classrooms sampled).",
                },
            ),
        ],
    },
    # 12 -----------------------------------------------------------------------------------
    {
        "slug": "capstone-sustainability-evidence-portfolio",
        "title": "Capstone: Implementing for Sustainability and Your Evidence Portfolio",
        "summary": "Plan the handover so improvements last, then assemble and present a triangulated evidence portfolio across the ten standards.",
        "standards": [10, 9],
        "delivery_mode": "blended",
        "estimated_minutes": 240,
        "required": True,
        "body": [
            (
                "rich_text",
                "<h2>Will it last when you leave?</h2>"
                "<p>The real test of school improvement facilitation is what happens after "
                "support ends. Many improvements fade within a year or two because they "
                "depended on one leader, one grant or one specialist. Implementing for "
                "sustainability means planning from the start for the day the school "
                "carries the work alone, and checking honestly whether that day has come.</p>"
                "<h3>Elements of a sustainability plan</h3>"
                "<ul>"
                "<li><strong>Structures</strong>: collaboration time, data reviews and "
                "coaching are written into the master schedule and calendar for next year.</li>"
                "<li><strong>Policies and roles</strong>: the practice appears in school "
                "policy, role descriptions and team charters, not only in a project plan.</li>"
                "<li><strong>People</strong>: at least two people can lead each key routine; "
                "new staff learn the practice during induction.</li>"
                "<li><strong>Resources</strong>: continuing costs are in the regular budget, "
                "or there is a plan for when temporary funding ends.</li>"
                "<li><strong>Monitoring</strong>: the school owns its implementation map, data "
                "calendar and monthly review.</li>"
                "<li><strong>Transition</strong>: a dated schedule for reducing your support, "
                "with criteria for each step and a final check-in after support ends.</li>"
                "</ul>"
                "<h3>A sustainability self-check</h3>"
                "<p>Ask the leadership team to rate each element as secure, at risk or "
                "missing, and to name the single biggest threat (often leadership turnover). "
                "Plan a specific response for every element rated at risk or missing.</p>",
            ),
            (
                "rich_text",
                "<h2>Assembling your evidence portfolio</h2>"
                "<p>Your portfolio shows reviewers that you facilitated a systemic, "
                "collaborative improvement process that got results and is built to last. "
                "For each standard you claim, include:</p>"
                "<ol>"
                "<li><strong>Context</strong>: the school, the team and the improvement focus, briefly.</li>"
                "<li><strong>Your facilitation</strong>: what you did, with artefacts such as agendas, protocols, plans and logs.</li>"
                "<li><strong>Changes in educator performance</strong>: what educators now do differently, with evidence.</li>"
                "<li><strong>Student achievement</strong>: baseline and later results on the measures you tracked.</li>"
                "<li><strong>The connection</strong>: why it is reasonable to link your facilitation to the educator and student changes, and what else may have contributed.</li>"
                "</ol>"
                "<h3>Tips for strong submissions</h3>"
                "<ul>"
                "<li>Use a triangulation table: one row per claim, one column per kind of data.</li>"
                "<li>Choose your best two or three artefacts per standard; more is not better.</li>"
                "<li>Remove all student and staff names and identifying details.</li>"
                "<li>Be candid about limits: reviewers trust honest claims over inflated ones.</li>"
                "<li>Ask your supervisor or school leader to attest to the accuracy of the evidence.</li>"
                "<li>Share drafts with your coach early; a revise-and-resubmit outcome is part of learning, not failure.</li>"
                "</ul>",
            ),
            (
                "in_person_session",
                {
                    "title": "Capstone Showcase and Peer Review",
                    "agenda": (
                        "<ol>"
                        "<li>Sustainability self-check: rate your school's plan and get peer feedback on the biggest threat (40 minutes).</li>"
                        "<li>Portfolio peer review in triads: use the rubric to review one standard from each partner's draft (75 minutes).</li>"
                        "<li>Break (15 minutes).</li>"
                        "<li>Showcase: each participant presents their improvement story in five minutes, covering effort, educator change and student results (80 minutes).</li>"
                        "<li>Closing: next steps, the SIS Network, and continuing as alumni (30 minutes).</li>"
                        "</ol>"
                    ),
                    "duration_minutes": 240,
                    "materials": "Your draft evidence portfolio (printed or on a laptop); your sustainability plan; the CSIS rubric; a one-page summary of your improvement story for the showcase.",
                },
            ),
            (
                "reflection_prompt",
                {
                    "prompt": "Looking back over LAUNCH!, how has your practice as a school improvement facilitator changed, and which standard do you most want to keep developing?",
                    "guidance": "Compare your first reflection in the orientation module with now. Use evidence from your portfolio rather than general impressions.",
                },
            ),
            (
                "practice_task",
                {
                    "title": "Sustainability plan and transition meeting",
                    "instructions": (
                        "<p>With the school's leadership team, complete the sustainability "
                        "self-check and write a sustainability plan covering structures, "
                        "policies and roles, people, resources, monitoring and transition.</p>"
                        "<p>Hold a transition meeting that agrees the dated schedule for "
                        "reducing your support and the criteria for each step. Record the "
                        "agreement in the decision log.</p>"
                    ),
                    "time_frame": "Before the capstone session",
                },
            ),
            (
                "evidence_prompt",
                {
                    "standard": 10,
                    "prompt": "Submit your sustainability plan, self-check and transition agreement with a narrative of how the work has been embedded. Triangulate: the facilitation effort itself (the plan, transition schedule and records of handover), changes in educator performance (school staff leading routines independently, practices in the schedule, policy and induction), and student achievement (results sustained or improving over time, including any period when your support had already been reduced).",
                },
            ),
            (
                "discussion_prompt",
                {
                    "question": "What is the single most important thing you have done to make your school's improvement last, and what will you watch for after your support ends?",
                },
            ),
        ],
    },
]
