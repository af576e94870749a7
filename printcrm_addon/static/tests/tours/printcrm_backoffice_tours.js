/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Back-office screens opened as their users would. A console error or an error dialog fails
// the tour (HttpCase fails on browser errors).
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function pause(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Click every page of the form's notebooks, one after the other, and wait for each. */
async function clickEveryPage() {
    const names = [];
    const tabs = document.querySelectorAll(".o_form_view .o_notebook_headers .nav-link");
    for (const tab of tabs) {
        tab.click();
        await pause(300);
        if (!tab.classList.contains("active")) {
            throw new Error(`Page "${tab.textContent.trim()}" did not open`);
        }
        names.push(tab.textContent.trim());
    }
    document.body.dataset.printcrmPages = String(names.length);
}

const noErrorDialog = {
    content: "No error dialog",
    trigger: "body:not(:has(.o_error_dialog))",
};

function formPagesSteps() {
    return [
        {
            content: "The form is open",
            trigger: ".o_form_view .o_form_sheet",
        },
        {
            content: "Open every page",
            trigger: ".o_form_view .o_form_sheet",
            run: clickEveryPage,
        },
        {
            content: "Every page opened",
            trigger: "body[data-printcrm-pages]",
        },
        noErrorDialog,
    ];
}

tours.add("printcrm_form_pages", { steps: formPagesSteps });

tours.add("printcrm_customer_form", {
    steps: () => [
        {
            content: "The customer's tier is shown in the title",
            trigger: ".o_form_view .oe_title .o_field_widget[name='printcrm_tier']",
        },
        {
            content: "Customer value page",
            trigger: ".o_notebook_headers .nav-link:contains('Customer value')",
        },
        {
            content: "Credit page",
            trigger: ".o_notebook_headers .nav-link:contains('Credit')",
        },
        {
            content: "Credit requests smart button",
            trigger: ".o-form-buttonbox button:contains('Credit requests')",
        },
        {
            content: "Complaints smart button",
            trigger: ".o-form-buttonbox button:contains('Complaints')",
        },
        ...formPagesSteps(),
    ],
});

tours.add("printcrm_open_first_row", {
    steps: () => [
        {
            content: "Open the first row",
            trigger: ".o_list_view .o_data_row:first .o_data_cell:first",
            run: "click",
        },
        ...formPagesSteps(),
    ],
});

tours.add("printcrm_open_first_card", {
    steps: () => [
        {
            content: "Open the first card",
            trigger: ".o_kanban_view .o_kanban_record:first",
            run: "click",
        },
        ...formPagesSteps(),
    ],
});

tours.add("printcrm_credit_submit", {
    steps: () => [
        {
            content: "Submit the request",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "It waits for the branch manager",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='branch']",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_credit_approve", {
    steps: () => [
        {
            content: "The approver sees the customer's facts",
            trigger: ".o_form_view .o_field_widget[name='partner_exposure']",
        },
        {
            content: "Approve",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The approval is recorded",
            trigger: ".o_form_view .o_form_saved, .o_form_view .o_form_status_indicator",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_credit_approve_over_levels", {
    steps: () => [
        {
            content: "Approve",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "Approving several levels asks for a comment",
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            run: "edit Branch and sales managers are travelling; I take this one.",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The request is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_no_approve_button", {
    steps: () => [
        {
            content: "The form is open",
            trigger: ".o_form_view .o_form_sheet",
        },
        {
            content: "No Approve button for a user who may not act on this level",
            trigger: ".o_form_view:not(:has(button[name='action_approve']))",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_quotation_credit_banner", {
    steps: () => [
        {
            content: "The quotation warns about the credit limit",
            trigger: ".o_form_view .alert:contains('credit limit')",
        },
        {
            content: "Request approval",
            trigger: ".o_form_view button[name='action_printcrm_request_approval']",
            run: "click",
        },
        {
            content: "The user is told what happened",
            trigger: ".o_notification:contains('Approval requested')",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_settings", {
    steps: () => [
        {
            content: "The Customer Value settings are shown",
            trigger: ".o_form_view .o_setting_box:contains('Customer classes (A/B/C)')",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_dashboard", {
    steps: () => [
        {
            content: "The dashboard counts the requests waiting for me (3 for the GM)",
            trigger: ".o_form_view .o_field_widget[name='my_requests'] span:contains('3')",
        },
        {
            content: "Open the credit requests waiting for me",
            trigger: ".o_form_view button[name='action_open_my_requests']",
            run: "click",
        },
        {
            content: "The queue opens",
            trigger: ".o_list_view .o_data_row",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_run_churn_check", {
    steps: () => [
        {
            content: "Columns are High, Medium, Low",
            trigger:
                ".o_kanban_group:nth-child(1) .o_column_title:contains('High')" +
                ":not(:contains('Medium'))",
        },
        {
            content: "Run the churn check",
            trigger: ".o_control_panel button[name='action_printcrm_compute_churn']",
            run: "click",
        },
        {
            content: "The result is notified",
            trigger: ".o_notification:contains('customers checked')",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_churn_model_learn", {
    steps: () => [
        {
            content: "Open the company's churn model",
            trigger: ".o_list_view .o_data_row .o_data_cell",
            run: "click",
        },
        {
            content: "The purchase rhythm was fitted by the batch, with its date",
            trigger: ".o_form_view .o_field_widget[name='rhythm_fit_date'] span:not(:empty)",
        },
        {
            content: "Apply learned weights",
            trigger: ".o_form_view button[name='action_apply_learned_weights']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Six customers are too few to learn from: the form says why",
            trigger: ".o_form_view .o_field_widget[name='weights_note']:contains('too short')",
        },
        noErrorDialog,
    ],
});

tours.add("printcrm_churn_backtest", {
    steps: () => [
        {
            content: "Run the backtest",
            trigger: ".modal-footer button[name='action_run']",
            run: "click",
        },
        {
            content: "The baseline is shown beside the score",
            trigger: ".o_form_view .o_field_widget[name='baseline_auc']:visible",
        },
        {
            content: "Calibration and lift tables",
            trigger: ".o_form_view .o_field_widget[name='measures_html'] table",
        },
        noErrorDialog,
    ],
});
