"""Hard cases written independently of the dev corpus: other wording, other specialties."""

from __future__ import annotations

import pytest

from carepost.checks.privacy import analyze_text

LEAK_POSTS = [
    "Thank you Lisa for trusting us with your breast cancer treatment. We're cheering you on!",
    "Look who came back to visit! Baby Noah, born here at 28 weeks, is now a healthy 2-year-old.",
    "We miss you already, Mr. Henderson! Enjoy your new hip and stay off those ladders.",
    "This week I saw my first case of measles: a very sick toddler who was admitted to our ICU.",
    "Last night our ER team treated a teenager with a rare snake bite.",
    "¡Felicidades a María González por terminar su tratamiento de quimioterapia con nosotros!",
    "Please keep our patient Ms. Adebayo in your thoughts as she recovers from her stroke.",
    "Can't believe it's been a year since little Mason's heart surgery! Look at him now!",
    "Before & after of Tina's rhinoplasty, 6 weeks post-op. Amazing healing, Tina! 🙌",
    "This morning our ER team saved a 62-year-old jogger from Maple Heights who collapsed with cardiac arrest on the lakefront path.",
    "Patient M.R., 34, from Brookfield, came to us with severe psoriasis. After 12 weeks of biologics her skin is 90% clear.",
    "Thanks to @jenna_lifts for sharing her post-op journey after her ACL reconstruction with Dr. Brandt!",
    "Our patient of the month: Linda, who's been coming to us for 20 years!",
    "Miracle baby! Born at 24 weeks, little Sophia is now 1 year old and thriving.",
    "Thank you Sarah J. for the lovely flowers after your hip replacement last week!",
    "Meet Oliver, age 6, who beat leukemia this year and is now our honorary junior doctor!",
    "We loved having Ms. Thompson's 2nd grade class tour the clinic! Special hi to Ella, who had her tonsils out with us last spring.",
    "Caught on camera: Dr. Brooks and our patient Ray dancing after his last chemo session!",
    "Shoutout to the Rodriguez twins, who came in for their 4-year checkups today and were SO brave!",
    "Sending love to our friend Bob in Room 210, recovering from his bypass surgery.",
    "Welcome back to the gym, Tom! Six months after your rotator cuff surgery and you're lifting again.",
    "Our little fighter Aaliyah went home from the NICU today after 72 days!",
    "Throwback to when Deshawn came in with a broken wrist from skateboarding. Now he's back on his board!",
    "Today we said goodbye to our beloved hospice patient, Mr. Alvarez. Rest easy.",
    "Room 7 finally got discharged after 3 weeks with us! The night shift will miss her jokes.",
    "Shoutout to the triathlete from Cedar Grove who came in Monday with a stress fracture!",
    "Happy 95th birthday to Frank, one of our longest-standing dialysis patients!",
    "Congrats to Jamal on passing his driving test after his stroke rehab with our team!",
    "This smile belongs to Emily, who just got her braces off after 2 years with Dr. Kim!",
    "Pictured: Gary from Elm Street showing off his new hearing aids. Welcome to the hearing world, Gary!",
    "A big thank-you to the family of Mrs. Johnson, who donated a bench after her stay in our ICU.",
    "The Miller family's newborn twins are finally off oxygen and heading home today!",
    "Our patient from Unit 4B, a retired firefighter, celebrated his 90th birthday during his rehab stay.",
    "Kudos to @runnergirl22 for crushing her first 5K after knee surgery with us!",
    "Sneak peek of our new lobby! (Don't mind the whiteboard: Bed 12 - T. Nguyen - sepsis)",
    "Day in the life: bed 3 is intubated after a car wreck on I-80 Sunday, bed 5 is in DKA at 19.",
]

LEAK_REPLIES = [
    "Hi Mia! Your retainer is ready, swing by anytime.",
    "We're sorry your implant is still sore. Dr. Okafor would like to see you this week.",
    "Thanks, Leo! Glad your ankle is feeling stronger after our sessions.",
    "You did great at your first appointment yesterday, Ava!",
    "¡Gracias, Lucía! Nos vemos en su próxima cita.",
    "Thanks for coming to see us, and we hope your back feels better soon!",
    "We're thrilled the new dentures fit so well, Harold!",
    "Happy to help with your refill anytime!",
    "Thank you for being a loyal patient for 15 years!",
    "We appreciate you choosing us for your care, Maria!",
    "Sorry your visit didn't meet expectations. Dr. Kim did order the extra bloodwork you asked about.",
    "Thanks for the review! Your son did amazing during his first cleaning.",
    "We loved meeting your newborn at her first weigh-in!",
    "We're sorry the anesthesia made you nauseous after your procedure.",
    "Dr. Hill said you were a champ during the biopsy!",
    "Your follow-up is booked for May 3 at 2pm.",
    "Thank you, Ms. Carter. Your mother was a joy to care for in our memory care unit.",
    "Keep up the great work with your physical therapy exercises, Joe!",
    "Your test came back negative, so no need to worry!",
    "We hope the medication is helping your migraines.",
    "We're glad you had a great experience with Dr. Lee!",
    "Welcome to the family, Sarah! We can't wait to see you at your first appointment.",
    "Hi Dana, we checked and your insurance claim for the MRI was resubmitted today.",
    "So sorry about the wait yesterday, Chris. The doctor was delayed by an emergency.",
    "Your prescription is ready for pickup!",
    "We're sorry your crown came loose, please call us to re-cement it at no charge.",
    "Thanks for trusting us with your little one's tonsillectomy, Kara!",
    "It was great seeing you last week! Hope the new inhaler is helping.",
    "Glad the stitches came out okay! Keep that cut clean and dry.",
    "Your lab results look great, no need to worry!",
    "We apologize for the billing error on your colonoscopy; our team has corrected it.",
    "So happy to hear you're sleeping better since starting CPAP with us!",
]

SAFE_POSTS = [
    "Join Dr. Patel and dietitian Laura Kim for a free diabetes cooking class on Tuesday!",
    "Congratulations to Maria on 20 years as our lead dental hygienist! She's cleaned over 30,000 teeth.",
    "Our nurse Jess shares her tips for staying healthy during flu season.",
    "Happy birthday Dr. Smith! Thanks for 10 years of caring for our cancer patients.",
    "Shoutout to Marcus from our billing team, who ran a half marathon for cancer research!",
    "Our own Dr. Rivera will speak at the American Diabetes Association conference on June 12.",
    "Welcome Jordan, our new front desk coordinator! Jordan loves helping patients feel at home.",
    "Thank you to Lisa and the Rotary Club for donating 200 car seats to new parents in our maternity unit!",
    "Fun fact: Nurse Carol has delivered over 1,000 babies in her 30-year career!",
    "Coach Ana's tip of the week: warm up 10 minutes before every run to prevent injuries.",
    "When Dr. Kim isn't treating acne, she's coaching her daughter's soccer team.",
    "In honor of Breast Cancer Awareness Month, our staff wore pink on Friday!",
    "Today a patient asked me about flu shots. Great question!",
    "This week we treated a lot of flu cases. Get your shot!",
    "Kardiva's band detects AFib episodes while you sleep.",
    "Vitalyn's new sleep program helps with insomnia.",
    "Harborlight's therapists treat anxiety and depression.",
    "Lakeside's cancer center now offers proton therapy.",
    "Vacunas contra la gripe disponibles hoy. ¡Sin cita!",
    "Happy birthday to Dr. Mia Chen! When she's not doing root canals, she's chasing her twin toddlers.",
    "Congrats to our receptionist Tanya, who just finished her nursing degree! 🎓",
    "Our hygienist Carla is on maternity leave; welcome baby Leo! 💙",
    "Meet Kevin, our new physical therapist. He specializes in ACL rehab and sports injuries.",
    "Fun fact: Dr. Osei has performed over 2,000 knee replacements!",
    "Welcome to the team, Nurse Practitioner Alisha Grant! She'll be seeing patients at our Oak Street office.",
    "Michael J. Fox has raised millions for Parkinson's research since his diagnosis became public in 1998.",
    "When Selena Gomez shared her lupus diagnosis and kidney transplant, many fans learned about autoimmune disease.",
    "Let's say Jane, 40, notices a lump. What are her next steps? (Jane is fictional.)",
    "Example: a typical patient might need 3 to 4 sessions of PT after a sprain.",
    "Demo video using synthetic data: patient 'Test Patient', DOB 01/01/1970, MRN 000000.",
    "Our pediatric team sees over 300 kids with asthma every year. Know the signs of an attack.",
    "Tomorrow, Oct 12, we host a free diabetes screening at Lincoln Park, 10am-2pm.",
    "Did you know? Kids ages 2 to 5 should see a dentist twice a year.",
    "Patients often ask: does a root canal hurt? Modern anesthesia makes it no worse than a filling.",
    "Thank you Riverside Fire Department for the CPR training today! Our staff is now recertified.",
    "Dr. Nguyen and the team wish everyone a happy and healthy Thanksgiving!",
    "We are proud to announce Dr. Lisa Park has been named a Top Doctor by Springfield Magazine.",
    "Join Dr. Adams on Facebook Live Thursday at 7pm to talk about managing menopause symptoms.",
    "Our 5 West nurses raised $4,000 for the Leukemia & Lymphoma Society in this year's Light the Night walk!",
    "September is Childhood Cancer Awareness Month. Wear gold on Friday to show support for kids fighting cancer.",
    "Quick tip from Coach Ana: keep your knees behind your toes during squats to protect your joints.",
    "We're now offering Botox and fillers at our Westside location! Book a consult with Brooke, RN.",
    "Your smile is our passion! New patients get a free whitening kit with their first cleaning.",
    "Huge shoutout to Coach Mike and the Eagles football team for visiting our pediatric ward today!",
    "Thank you to Officer Reyes for bringing toys to the kids in our oncology unit!",
    "Thanks to Mayor Reed for touring our new cancer center this week.",
    "Our nurse Kim is back from maternity leave! Welcome back, Kim!",
    "Dr. Lee is recovering from knee surgery and will be back next month. Dr. Shah is seeing her patients.",
    "Many of our patients ask about whitening after braces. Here's what to know.",
    "If your child has a fever over 104, call us right away.",
    "In memory of Dr. Harold Smith, who cared for this town's families for 40 years.",
    "Thank you to everyone who came out to our blood drive on Saturday! 63 units collected.",
    "Caught on camera: Dr. Brooks and Nurse Ray dancing at our holiday party!",
    "Back-to-school checkups are booking fast! Call (555) 201-3344 to schedule.",
    "Dr. Amara Okafor, DDS, answers your top 5 questions about dental implants in this video.",
    "Meet Dr. Rosa Alvarez, our new pediatric dentist! She loves hiking and her two dogs.",
    "Congrats to our front desk star Keisha on 10 years with Riverside!",
    "Happy Nurses Week to Janelle, Marcus and the whole 3 West crew!",
    "Our PT Jenna ran her first marathon this weekend! So proud of her.",
    "About 1 in 5 adults will experience a mental health condition this year. You're not alone.",
    "Serena Williams has spoken publicly about her blood clots after giving birth. Know the "
    "warning signs of postpartum complications.",
    "Imagine you wake up with a red, swollen ankle. Here's when to see a doctor.",
    "Case study (fictional): Maya, 52, has had heartburn for months. What should she ask her doctor?",
    "We're open Saturday 9-1 at 455 Oak Avenue. Call (555) 201-3344 to book your flu shot.",
    "Our team completed 500 hip replacements this year. Thank you for trusting us!",
    "Dr. Patel will be out of the office Friday; Dr. Nguyen is covering her patients.",
    "Free skin cancer screenings this Saturday at our Elm Street clinic, 9am to noon.",
    "Tip from our hygienist Maria: replace your toothbrush every 3 months!",
    "Happy retirement, Dr. Greene! 32 years of caring for this community's kids.",
    "Join our diabetes support group every Thursday at 6pm, all are welcome!",
    "Wishing a speedy recovery to King Charles, who announced he is being treated for cancer.",
    "Exam Room 4 just got a makeover! Come see our new chairs at your next checkup.",
]

SAFE_REPLIES = [
    "For a sore throat, gargle warm salt water and rest your voice.",
    "Most people feel better within a week, but if your symptoms last longer, see your doctor.",
    "Your dentist can tell you whether you need a night guard.",
    "Bleeding after your wisdom teeth are removed is normal for the first 24 hours.",
    "Swelling after your filler usually peaks on day 2 and fades within a week.",
    "It's common for your gums to feel tender after a deep cleaning.",
    "Great question! Your insurance card should list a member services number on the back.",
    "Generally, your first PT session includes an evaluation and a few exercises.",
    "We recommend bringing your medication list to every appointment.",
    "Thanks for watching! Remember that your results may vary, so talk to your provider.",
    "That's a great question for your pharmacist, who can check for interactions.",
    "Sorry you're dealing with that! Migraines can be tough. Please reach out to your doctor.",
    "Gracias por su reseña. Por privacidad no podemos hablar de ningún paciente; llámenos al (555) 201-3344.",
    "Thank you for your feedback. We'd like to learn more; please call our office manager at (555) 201-3344.",
    "We appreciate you taking the time to write this. Please reach out directly so we can help.",
    "We're sorry to hear this. Patient privacy laws prevent us from responding in detail, but we'd welcome a call.",
    "Thanks so much for the love! 💙",
    "We're so glad to hear it! Our team works hard every day.",
    "Thank you for sharing! Reviews like yours make our day.",
    "Absolutely! Most insurance plans cover an annual exam. Check with your plan to be sure.",
    "Hi! We're open until 7pm on weekdays. Walk-ins welcome for flu shots.",
    "That sounds frustrating. If you have severe pain or swelling, please seek care right away.",
    "We hear you. Long waits are never okay, and we're adding staff to our front desk.",
    "Thank you! We pass every review along to our doctors and nurses.",
    "Sorry to hear that! For questions about a bill, please call our billing office at 555-201-3344.",
    "Great tip! Staying hydrated really does help with headaches.",
    "Congrats on finishing your first marathon! Rest up and stretch those legs.",
    "Thanks for the 5 stars, Mike!",
    "We'd love to welcome you as a new patient. Call us to book your first appointment.",
    "Thank you! We'll share your kind words with Dr. Lee and the whole team.",
    "Sorry to hear about the wait. We're working on our scheduling and would love your feedback by phone.",
    "Prescriptions can usually be picked up within 2 hours of being sent.",
    "Thank you so much for the kind review! We'd love to hear more, please give us a call.",
    "We hate hearing this. Please DM us your contact info so our patient advocate can reach out "
    "privately.",
    "Great question! Most people return to running 6-8 weeks after an ankle sprain, but check "
    "with your own provider.",
    "Thank you for the kind words about Dr. Lee! We'll pass them on.",
    "We're so sorry for your loss. Our thoughts are with you and your family.",
    "Hi Jess! Yes, we offer evening appointments on Tuesdays and Thursdays. Call us to book.",
]


@pytest.mark.parametrize("text", LEAK_POSTS)
def test_leak_post(text: str) -> None:
    assert analyze_text(text).leaks


@pytest.mark.parametrize("text", LEAK_REPLIES)
def test_leak_reply(text: str) -> None:
    assert analyze_text(text, kind="reply").leaks


@pytest.mark.parametrize("text", SAFE_POSTS)
def test_safe_post(text: str) -> None:
    leaks = analyze_text(text).leaks
    assert not leaks, [lk.explanation() for lk in leaks]


@pytest.mark.parametrize("text", SAFE_REPLIES)
def test_safe_reply(text: str) -> None:
    leaks = analyze_text(text, kind="reply").leaks
    assert not leaks, [lk.explanation() for lk in leaks]
